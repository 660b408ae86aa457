package org.finstream.reference;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.finstream.ingest.CsvLine;
import org.finstream.ingest.InvalidRecordException;
import org.finstream.ingest.Parsers;
import org.finstream.records.ActionType;
import org.finstream.records.CorporateAction;
import org.finstream.records.Filing;
import org.finstream.records.PriceBar;

/**
 * An independent, deliberately naive reference implementation of the fundamentals and valuation
 * results (the exported {@code fundamentals.csv} and {@code valuation_daily.csv}), following the
 * numbered rules of the fundamentals contract ({@code fundamentals-spec.md}, "Fundamentals and
 * valuation: exact rules") literally. It shares no code with the product's analytics, jobs or
 * sinks: the only product classes used are the input parsers ({@link Parsers}, {@link CsvLine})
 * and the record types they return, in {@link #fromFolder} only.
 *
 * <p>Everything is recomputed from scratch from the raw filings: rules 1-5 are re-run for every
 * set of visible filings (rule 9), with no incremental state.
 *
 * <h2>Arithmetic</h2>
 * Every input number is taken as the decimal it prints as ({@link BigDecimal#valueOf(double)},
 * i.e. as written in the input file), and the sums and differences of rules 3 and 4 (quarter
 * differences, annual minus three quarters, TTM sums) and the dividend sum of rule 9 are computed
 * exactly in decimal and rounded once to the nearest double. So a TTM does not depend on a
 * summation order, and two TTMs whose decimal sums are equal are the same double (e.g. quarters
 * 0.25 + 0.28 + (1.1 - 0.75) + 0.23 and 0.34 + 0.2 + (0.98 - 0.77) + 0.36 are both exactly 1.11, so
 * their growth is exactly 0, not a rounding residue of 1e-16). Every other formula (fcf, ebitda,
 * growth, ratios, Piotroski, Altman) is evaluated in double precision from those doubles, in the
 * order written in the contract.
 *
 * <h2>Readings of the contract where it leaves a choice</h2>
 * <ul>
 * <li>Rule 1: two facts with the same key inside one filing: the first in the filing's fact list
 *     wins. A fact of a duration concept without {@code start}, or of an instant concept with a
 *     {@code start}, keeps its literal key: it takes part in rule 2 (the period end) but is neither
 *     a duration (rule 3) nor an instant (rule 5).</li>
 * <li>Rule 2: a filing without any fact of a known concept has no period end and makes no row
 *     (its other facts, if any, still compete in rule 1 — there are none).</li>
 * <li>Rule 3c: when several (annual duration, three quarters) combinations fit the same end, the
 *     one with the latest annual start wins, then the latest third-quarter end, then the latest
 *     second-quarter end, then the latest first-quarter end.</li>
 * <li>Rule 6: the prior row is searched among the rows of the same computation (all filings for
 *     {@link #fundamentals()}).</li>
 * <li>Rule 8: the close is the symbol's daily close on the latest bar date {@code <= filed},
 *     however old; null when the symbol has no daily bar on or before {@code filed}.</li>
 * <li>Rule 9: the basis row is that of rules 1-5 only (growth, Piotroski and Altman are not
 *     needed); the visible filings on day d are exactly those with {@code filed <= d}, so the
 *     basis is cached per distinct set (a prefix of the filings sorted by filing date).</li>
 * </ul>
 */
public final class FundamentalsReference {

    /** One fact of a filing: a duration ({@code start} set) or an instant ({@code start} null). */
    public record Fact(String concept, LocalDate start, LocalDate end, double value) {
        public Fact {
            Objects.requireNonNull(concept, "concept");
            Objects.requireNonNull(end, "end");
        }

        /** A duration fact over {@code [start, end]}. */
        public static Fact duration(String concept, LocalDate start, LocalDate end, double value) {
            return new Fact(concept, Objects.requireNonNull(start, "start"), end, value);
        }

        /** An instant (balance) fact at {@code end}. */
        public static Fact instant(String concept, LocalDate end, double value) {
            return new Fact(concept, null, end, value);
        }
    }

    /** A discrete quarter of one duration concept (rule 3). */
    record Quarter(LocalDate start, LocalDate end, double value) {}

    /** The duration concepts, in the order of their {@code _ttm} columns' source. */
    public static final List<String> DURATION_CONCEPTS = List.of("revenue", "gross_profit", "operating_income",
            "net_income", "eps_diluted", "operating_cash_flow", "capex", "depreciation_amortization");
    /** The instant (balance) concepts, in column order. */
    public static final List<String> INSTANT_CONCEPTS = List.of("shares_outstanding", "total_assets",
            "total_liabilities", "current_assets", "current_liabilities", "stockholders_equity", "retained_earnings",
            "cash", "total_debt");

    /** Columns of a {@link #fundamentals()} row, after the key {@code symbol,period_end}. */
    public static final List<String> FUNDAMENTALS_COLUMNS = List.of("fiscal_year", "fiscal_period", "filed",
            "revenue_ttm", "gross_profit_ttm", "operating_income_ttm", "net_income_ttm", "eps_ttm",
            "operating_cash_flow_ttm", "capex_ttm", "fcf_ttm", "ebitda_ttm", "depreciation_amortization_ttm",
            "shares_outstanding", "total_assets", "total_liabilities", "current_assets", "current_liabilities",
            "stockholders_equity", "retained_earnings", "cash", "total_debt", "revenue_growth_yoy",
            "eps_growth_yoy", "piotroski_f", "altman_z");
    /** Columns of a {@link #valuation()} row, after the key {@code symbol,date}. */
    public static final List<String> VALUATION_COLUMNS = List.of("price", "market_cap", "pe", "ps", "pb", "ev",
            "ev_ebitda", "fcf_yield", "dividend_yield", "gross_margin", "operating_margin", "net_margin", "roe",
            "debt_to_equity", "current_ratio");

    /** Quarter lengths of rules 3a and 3b (days, inclusive range). */
    private static final int QUARTER_MIN = 80;
    private static final int QUARTER_MAX = 100;
    /** Annual lengths of rule 3c. */
    private static final int YEAR_MIN = 340;
    private static final int YEAR_MAX = 380;
    /** Prior-row window of rule 6: period end in [e - 380, e - 350]. */
    private static final int PRIOR_MIN_DAYS = 350;
    private static final int PRIOR_MAX_DAYS = 380;
    /** Dividend window of rule 9: ex-date in (d - 365, d]. */
    private static final int DIVIDEND_WINDOW_DAYS = 365;

    /** One filing as added; {@code periodEnd} (rule 2) is null when it has no fact of a known concept. */
    private record FilingData(String symbol, String form, String accession, LocalDate filed, int fiscalYear,
                              String fiscalPeriod, List<Fact> facts, LocalDate periodEnd) {}

    /** Rule 1's order of filings: greater (filed, accession) wins, accession compared as a string. */
    private static final Comparator<FilingData> FILING_ORDER =
            Comparator.comparing(FilingData::filed).thenComparing(FilingData::accession);

    /** Rule 1's key of a fact. */
    private record FactKey(String concept, LocalDate start, LocalDate end) {}

    /** The winning value of a key and the filing it came from. */
    private record Winner(double value, FilingData filing) {}

    /** A winning duration's span. */
    private record Span(LocalDate start, LocalDate end) {}

    private final Map<String, List<FilingData>> filings = new TreeMap<>();
    private final Map<String, TreeMap<LocalDate, Double>> closes = new TreeMap<>();
    private final Map<String, TreeMap<LocalDate, Double>> dividends = new TreeMap<>();
    private int skippedRecords;

    // ------------------------------------------------------------------------------------------
    // Input

    /**
     * Adds one filing of {@code symbol}. A second filing of the same symbol with the same accession
     * is an error (deduplication is {@link #fromFolder}'s business).
     */
    public void addFiling(String symbol, String form, String accession, LocalDate filed, int fiscalYear,
                          String fiscalPeriod, List<Fact> facts) {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(accession, "accession");
        Objects.requireNonNull(filed, "filed");
        List<Fact> copy = List.copyOf(facts);
        LocalDate periodEnd = null;
        for (Fact f : copy) {
            if (isKnown(f.concept()) && (periodEnd == null || f.end().isAfter(periodEnd))) {
                periodEnd = f.end();
            }
        }
        List<FilingData> list = filings.computeIfAbsent(symbol, s -> new ArrayList<>());
        for (FilingData existing : list) {
            if (existing.accession().equals(accession)) {
                throw new IllegalArgumentException("second filing " + accession + " for " + symbol);
            }
        }
        list.add(new FilingData(symbol, form, accession, filed, fiscalYear, fiscalPeriod, copy, periodEnd));
    }

    /** Adds one daily close; a second close for the same symbol and date is an error. */
    public void addBar(String symbol, LocalDate date, double close) {
        Double previous = closes.computeIfAbsent(symbol, s -> new TreeMap<>()).putIfAbsent(date, close);
        if (previous != null) {
            throw new IllegalArgumentException("second bar for " + symbol + " on " + date);
        }
    }

    /** Adds one cash dividend (per share); a second dividend for the same symbol and ex-date is an error. */
    public void addDividend(String symbol, LocalDate exDate, double amount) {
        Double previous = dividends.computeIfAbsent(symbol, s -> new TreeMap<>()).putIfAbsent(exDate, amount);
        if (previous != null) {
            throw new IllegalArgumentException("second dividend for " + symbol + " on " + exDate);
        }
    }

    /** Records that {@link #fromFolder} skipped: invalid ones and duplicates of an accepted key. */
    public int skippedRecords() {
        return skippedRecords;
    }

    private static boolean isKnown(String concept) {
        return DURATION_CONCEPTS.contains(concept) || INSTANT_CONCEPTS.contains(concept);
    }

    // ------------------------------------------------------------------------------------------
    // Fundamentals

    /**
     * The fundamentals rows from all filings: symbol -> period end -> column -> value (null =
     * empty), columns {@link #FUNDAMENTALS_COLUMNS} in order. Only symbols with at least one row
     * appear.
     */
    public Map<String, SortedMap<LocalDate, Map<String, Object>>> fundamentals() {
        Map<String, SortedMap<LocalDate, Map<String, Object>>> out = new TreeMap<>();
        for (Map.Entry<String, List<FilingData>> e : filings.entrySet()) {
            String symbol = e.getKey();
            TreeMap<LocalDate, Map<String, Object>> base = baseRows(e.getValue());
            if (base.isEmpty()) {
                continue;
            }
            SortedMap<LocalDate, Map<String, Object>> rows = new TreeMap<>();
            for (Map.Entry<LocalDate, Map<String, Object>> r : base.entrySet()) {
                Map<String, Object> row = new HashMap<>(r.getValue());
                Map<String, Object> prior = priorRow(base, r.getKey());
                row.put("revenue_growth_yoy", growth(row, prior, "revenue_ttm"));
                row.put("eps_growth_yoy", growth(row, prior, "eps_ttm"));
                row.put("piotroski_f", piotroski(row, prior));
                row.put("altman_z", altmanZ(row, closeOnOrBefore(symbol, (LocalDate) row.get("filed"))));
                rows.put(r.getKey(), ordered(row, FUNDAMENTALS_COLUMNS));
            }
            out.put(symbol, rows);
        }
        return out;
    }

    /**
     * The discrete quarters (rule 3) of one duration concept of {@code symbol}, from all its
     * filings, by end date. For tests of the reference itself.
     */
    SortedMap<LocalDate, Quarter> quarters(String symbol, String concept) {
        Map<FactKey, Winner> winners = winners(filings.getOrDefault(symbol, List.of()));
        return quarters(durations(winners, concept));
    }

    /**
     * Rules 1-5 over one set of filings of a symbol: period end -> {@code fiscal_year},
     * {@code fiscal_period}, {@code filed}, the {@code _ttm} columns and the balance items.
     */
    private static TreeMap<LocalDate, Map<String, Object>> baseRows(List<FilingData> visible) {
        Map<FactKey, Winner> winners = winners(visible);
        Map<String, SortedMap<LocalDate, Quarter>> quarters = new HashMap<>();
        for (String concept : DURATION_CONCEPTS) {
            quarters.put(concept, quarters(durations(winners, concept)));
        }
        TreeMap<LocalDate, Map<String, Object>> rows = new TreeMap<>();
        for (Map.Entry<LocalDate, FilingData> e : rowFilings(visible).entrySet()) {
            LocalDate end = e.getKey();
            FilingData f = e.getValue();
            Map<String, Object> row = new HashMap<>();
            row.put("fiscal_year", f.fiscalYear());
            row.put("fiscal_period", f.fiscalPeriod());
            row.put("filed", f.filed());
            // rule 4
            for (String concept : DURATION_CONCEPTS) {
                row.put(ttmColumn(concept), ttm(quarters.get(concept), end));
            }
            row.put("fcf_ttm", minus((Double) row.get("operating_cash_flow_ttm"), (Double) row.get("capex_ttm")));
            row.put("ebitda_ttm", plus((Double) row.get("operating_income_ttm"),
                    (Double) row.get("depreciation_amortization_ttm")));
            // rule 5
            for (String concept : INSTANT_CONCEPTS) {
                Winner w = winners.get(new FactKey(concept, null, end));
                row.put(concept, w == null ? null : w.value());
            }
            rows.put(end, row);
        }
        return rows;
    }

    /** {@code eps_diluted -> eps_ttm}, any other concept {@code c -> c_ttm} (rule 4). */
    private static String ttmColumn(String concept) {
        return concept.equals("eps_diluted") ? "eps_ttm" : concept + "_ttm";
    }

    /**
     * Rule 1: per (concept, start, end) of a known concept, the value of the filing with the
     * greatest (filed, accession); within one filing the first fact of a key.
     */
    private static Map<FactKey, Winner> winners(List<FilingData> visible) {
        Map<FactKey, Winner> winners = new HashMap<>();
        for (FilingData f : visible) {
            for (Fact fact : f.facts()) {
                if (!isKnown(fact.concept())) {
                    continue;
                }
                FactKey key = new FactKey(fact.concept(), fact.start(), fact.end());
                Winner current = winners.get(key);
                if (current == null || FILING_ORDER.compare(f, current.filing()) > 0) {
                    winners.put(key, new Winner(fact.value(), f));
                }
            }
        }
        return winners;
    }

    /** Rule 2: each distinct period end -> the filing with that period end and the greatest (filed, accession). */
    private static TreeMap<LocalDate, FilingData> rowFilings(List<FilingData> visible) {
        TreeMap<LocalDate, FilingData> rows = new TreeMap<>();
        for (FilingData f : visible) {
            if (f.periodEnd() == null) {
                continue;
            }
            FilingData current = rows.get(f.periodEnd());
            if (current == null || FILING_ORDER.compare(f, current) > 0) {
                rows.put(f.periodEnd(), f);
            }
        }
        return rows;
    }

    /** The winning durations {@code v(start, end)} of one duration concept (facts with a start). */
    private static Map<Span, Double> durations(Map<FactKey, Winner> winners, String concept) {
        Map<Span, Double> v = new HashMap<>();
        for (Map.Entry<FactKey, Winner> e : winners.entrySet()) {
            FactKey k = e.getKey();
            if (k.concept().equals(concept) && k.start() != null) {
                v.put(new Span(k.start(), k.end()), e.getValue().value());
            }
        }
        return v;
    }

    private static long days(LocalDate a, LocalDate b) {
        return ChronoUnit.DAYS.between(a, b);
    }

    /** Inclusive length of a duration (rule 3). */
    private static long length(LocalDate start, LocalDate end) {
        return days(start, end) + 1;
    }

    private static boolean within(long x, int min, int max) {
        return x >= min && x <= max;
    }

    /**
     * Rule 3: the discrete quarters by end date. Every end of a winning duration is tried with
     * 3a (direct), then 3b (year-to-date difference); the ends where neither applies are then
     * tried with 3c (annual minus three quarters of 3a/3b). The durations are only indexed by
     * end and by start to keep the pair/triple searches short.
     */
    private static SortedMap<LocalDate, Quarter> quarters(Map<Span, Double> v) {
        Map<LocalDate, List<Span>> byEnd = new HashMap<>();
        Map<LocalDate, List<Span>> byStart = new HashMap<>();
        for (Span s : v.keySet()) {
            byEnd.computeIfAbsent(s.end(), k -> new ArrayList<>()).add(s);
            byStart.computeIfAbsent(s.start(), k -> new ArrayList<>()).add(s);
        }
        TreeMap<LocalDate, Quarter> fromAb = new TreeMap<>();
        for (LocalDate end : byEnd.keySet()) {
            Quarter q = direct(v, byEnd.get(end));
            if (q == null) {
                q = yearToDateDifference(v, end, byEnd.get(end), byStart);
            }
            if (q != null) {
                fromAb.put(end, q);
            }
        }
        Map<LocalDate, List<Quarter>> abByStart = new HashMap<>();
        for (Quarter q : fromAb.values()) {
            abByStart.computeIfAbsent(q.start(), k -> new ArrayList<>()).add(q);
        }
        TreeMap<LocalDate, Quarter> all = new TreeMap<>(fromAb);
        for (LocalDate end : byEnd.keySet()) {
            if (!fromAb.containsKey(end)) {
                Quarter q = annualMinusThreeQuarters(v, end, byEnd.get(end), abByStart);
                if (q != null) {
                    all.put(end, q);
                }
            }
        }
        return all;
    }

    /**
     * Rule 3a: a winning duration ending at this end ({@code endingHere}) of length 80..100; the
     * latest start among several.
     */
    private static Quarter direct(Map<Span, Double> v, List<Span> endingHere) {
        Span best = null;
        for (Span s : endingHere) {
            if (within(length(s.start(), s.end()), QUARTER_MIN, QUARTER_MAX)
                    && (best == null || s.start().isAfter(best.start()))) {
                best = s;
            }
        }
        return best == null ? null : new Quarter(best.start(), best.end(), v.get(best));
    }

    /**
     * Rule 3b: durations {@code (s, e1)} and {@code (s, e2 = end)} with {@code e1 < e2},
     * {@code days(e1, e2)} in 80..100 and {@code days(s, e1) + 1 >= 80} give the quarter
     * {@code (e1 + 1, e2)} with value {@code v(s, e2) - v(s, e1)} (in decimal, rounded once); the latest (s, e1)
     * among several.
     */
    private static Quarter yearToDateDifference(Map<Span, Double> v, LocalDate end, List<Span> endingHere,
                                                Map<LocalDate, List<Span>> byStart) {
        Span bestLong = null;
        Span bestShort = null;
        for (Span longer : endingHere) {
            for (Span shorter : byStart.get(longer.start())) {
                if (!shorter.end().isBefore(end)
                        || !within(days(shorter.end(), end), QUARTER_MIN, QUARTER_MAX)
                        || days(shorter.start(), shorter.end()) + 1 < QUARTER_MIN) {
                    continue;
                }
                if (bestShort == null || shorter.start().isAfter(bestShort.start())
                        || (shorter.start().equals(bestShort.start()) && shorter.end().isAfter(bestShort.end()))) {
                    bestLong = longer;
                    bestShort = shorter;
                }
            }
        }
        return bestShort == null ? null
                : new Quarter(bestShort.end().plusDays(1), end,
                        decimal(v.get(bestLong)).subtract(decimal(v.get(bestShort))).doubleValue());
    }

    /**
     * Rule 3c: a winning duration {@code (s, end)} of length 340..380 and three consecutive
     * quarters of rules 3a/3b, the first starting at {@code s}, the third ending at {@code e3}
     * with {@code days(e3, end)} in 80..100, give the quarter {@code (e3 + 1, end)} with value
     * {@code v(s, end) - (q1 + q2 + q3)} (in decimal, rounded once). Among several
     * combinations: the latest s, then the latest e3, then the latest q2 end, then the latest q1 end.
     */
    private static Quarter annualMinusThreeQuarters(Map<Span, Double> v, LocalDate end, List<Span> endingHere,
                                                    Map<LocalDate, List<Quarter>> abByStart) {
        Quarter best = null;
        LocalDate[] bestKey = null; // s, e3, e2, e1
        for (Span a : endingHere) {
            if (!within(length(a.start(), a.end()), YEAR_MIN, YEAR_MAX)) {
                continue;
            }
            for (Quarter q1 : abByStart.getOrDefault(a.start(), List.of())) {
                for (Quarter q2 : abByStart.getOrDefault(q1.end().plusDays(1), List.of())) {
                    for (Quarter q3 : abByStart.getOrDefault(q2.end().plusDays(1), List.of())) {
                        if (!within(days(q3.end(), end), QUARTER_MIN, QUARTER_MAX)) {
                            continue;
                        }
                        LocalDate[] key = {a.start(), q3.end(), q2.end(), q1.end()};
                        if (bestKey == null || compareDates(key, bestKey) > 0) {
                            bestKey = key;
                            double value = decimal(v.get(a))
                                    .subtract(decimal(q1.value()).add(decimal(q2.value())).add(decimal(q3.value())))
                                    .doubleValue();
                            best = new Quarter(q3.end().plusDays(1), end, value);
                        }
                    }
                }
            }
        }
        return best;
    }

    private static int compareDates(LocalDate[] a, LocalDate[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = a[i].compareTo(b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * Rule 4: the sum (in decimal, rounded once) of the quarter ending at {@code end} and the three
     * quarters before it, each starting the day after the previous one ends; null unless all
     * four exist.
     */
    private static Double ttm(SortedMap<LocalDate, Quarter> quarters, LocalDate end) {
        BigDecimal sum = BigDecimal.ZERO;
        LocalDate e = end;
        for (int i = 0; i < 4; i++) {
            Quarter q = quarters.get(e);
            if (q == null) {
                return null;
            }
            sum = sum.add(decimal(q.value()));
            e = q.start().minusDays(1);
        }
        return sum.doubleValue();
    }

    /**
     * The decimal a double prints as ({@link Double#toString}), i.e. the number as it was written
     * in the input file: {@code 0.35} is 0.35, not the binary fraction nearest to it.
     */
    private static BigDecimal decimal(double x) {
        return BigDecimal.valueOf(x);
    }

    /** Rule 6: the row with the latest period end in [e - 380 days, e - 350 days], or null. */
    private static Map<String, Object> priorRow(NavigableMap<LocalDate, Map<String, Object>> rows, LocalDate e) {
        Map.Entry<LocalDate, Map<String, Object>> p = rows.subMap(e.minusDays(PRIOR_MAX_DAYS), true,
                e.minusDays(PRIOR_MIN_DAYS), true).lastEntry();
        return p == null ? null : p.getValue();
    }

    /** Rule 6: {@code (x(e) - x(prior)) / |x(prior)|}; null when either is null or the prior is 0. */
    private static Double growth(Map<String, Object> row, Map<String, Object> prior, String column) {
        Double now = (Double) row.get(column);
        Double before = prior == null ? null : (Double) prior.get(column);
        if (now == null || before == null || before == 0) {
            return null;
        }
        return (now - before) / Math.abs(before);
    }

    /**
     * Rule 7: the Piotroski F-score of row {@code e} with prior row {@code p}: the number of the
     * 9 tests that hold; null without a prior row, when any input of any test is null, or when a
     * denominator (total_assets, current_liabilities, revenue_ttm, of either row) is 0.
     */
    private static Integer piotroski(Map<String, Object> e, Map<String, Object> p) {
        if (p == null) {
            return null;
        }
        Double ni = d(e, "net_income_ttm");
        Double ocf = d(e, "operating_cash_flow_ttm");
        Double roa = ratio(e, "net_income_ttm", "total_assets");
        Double roaP = ratio(p, "net_income_ttm", "total_assets");
        Double leverage = ratio(e, "total_debt", "total_assets");
        Double leverageP = ratio(p, "total_debt", "total_assets");
        Double currentRatio = ratio(e, "current_assets", "current_liabilities");
        Double currentRatioP = ratio(p, "current_assets", "current_liabilities");
        Double shares = d(e, "shares_outstanding");
        Double sharesP = d(p, "shares_outstanding");
        Double grossMargin = ratio(e, "gross_profit_ttm", "revenue_ttm");
        Double grossMarginP = ratio(p, "gross_profit_ttm", "revenue_ttm");
        Double turnover = ratio(e, "revenue_ttm", "total_assets");
        Double turnoverP = ratio(p, "revenue_ttm", "total_assets");
        for (Double x : new Double[] {ni, ocf, roa, roaP, leverage, leverageP, currentRatio, currentRatioP, shares,
                sharesP, grossMargin, grossMarginP, turnover, turnoverP}) {
            if (x == null) {
                return null;
            }
        }
        int score = 0;
        score += ni > 0 ? 1 : 0;                           // 1
        score += ocf > 0 ? 1 : 0;                          // 2
        score += roa > roaP ? 1 : 0;                       // 3
        score += ocf > ni ? 1 : 0;                         // 4
        score += leverage < leverageP ? 1 : 0;             // 5
        score += currentRatio > currentRatioP ? 1 : 0;     // 6
        score += shares <= sharesP ? 1 : 0;                // 7
        score += grossMargin > grossMarginP ? 1 : 0;       // 8
        score += turnover > turnoverP ? 1 : 0;             // 9
        return score;
    }

    /**
     * Rule 8: {@code 1.2 (CA - CL)/TA + 1.4 RE/TA + 3.3 OI_ttm/TA + 0.6 MVE/TL + 1.0 REV_ttm/TA}
     * at the row, {@code MVE = close * shares_outstanding}; null when any input (the close
     * included) is null or TA or TL is 0.
     */
    private static Double altmanZ(Map<String, Object> row, Double close) {
        Double ca = d(row, "current_assets");
        Double cl = d(row, "current_liabilities");
        Double ta = d(row, "total_assets");
        Double re = d(row, "retained_earnings");
        Double oi = d(row, "operating_income_ttm");
        Double tl = d(row, "total_liabilities");
        Double rev = d(row, "revenue_ttm");
        Double shares = d(row, "shares_outstanding");
        if (ca == null || cl == null || ta == null || re == null || oi == null || tl == null || rev == null
                || shares == null || close == null || ta == 0 || tl == 0) {
            return null;
        }
        double mve = close * shares;
        return 1.2 * ((ca - cl) / ta) + 1.4 * (re / ta) + 3.3 * (oi / ta) + 0.6 * (mve / tl) + 1.0 * (rev / ta);
    }

    /** Rule 8: the symbol's close on {@code date} or on its latest bar before it; null if none. */
    private Double closeOnOrBefore(String symbol, LocalDate date) {
        TreeMap<LocalDate, Double> c = closes.get(symbol);
        Map.Entry<LocalDate, Double> e = c == null ? null : c.floorEntry(date);
        return e == null ? null : e.getValue();
    }

    // ------------------------------------------------------------------------------------------
    // Valuation

    /**
     * Rule 9: one row per daily bar of every symbol with bars: symbol -> date -> column -> value,
     * columns {@link #VALUATION_COLUMNS} in order. The basis of day d is the row with the latest
     * period end of rules 1-5 applied to the symbol's filings with {@code filed <= d}.
     */
    public Map<String, SortedMap<LocalDate, Map<String, Object>>> valuation() {
        Map<String, SortedMap<LocalDate, Map<String, Object>>> out = new TreeMap<>();
        for (Map.Entry<String, TreeMap<LocalDate, Double>> e : closes.entrySet()) {
            String symbol = e.getKey();
            List<FilingData> byFiled = new ArrayList<>(filings.getOrDefault(symbol, List.of()));
            byFiled.sort(FILING_ORDER);
            // number of visible filings (a prefix of byFiled) -> basis row, or null when there is none
            Map<Integer, Map<String, Object>> basisCache = new HashMap<>();
            SortedMap<LocalDate, Map<String, Object>> rows = new TreeMap<>();
            for (Map.Entry<LocalDate, Double> bar : e.getValue().entrySet()) {
                LocalDate d = bar.getKey();
                int visible = 0;
                for (FilingData f : byFiled) {
                    if (!f.filed().isAfter(d)) {
                        visible++;
                    }
                }
                if (!basisCache.containsKey(visible)) {
                    TreeMap<LocalDate, Map<String, Object>> base = baseRows(byFiled.subList(0, visible));
                    basisCache.put(visible, base.isEmpty() ? null : base.lastEntry().getValue());
                }
                rows.put(d, valuationRow(symbol, d, bar.getValue(), basisCache.get(visible)));
            }
            out.put(symbol, rows);
        }
        return out;
    }

    /** Rule 9's formulas for one day; {@code basis} null when no filing is visible. */
    private Map<String, Object> valuationRow(String symbol, LocalDate d, double price, Map<String, Object> basis) {
        Map<String, Object> b = basis == null ? Map.of() : basis;
        Double shares = d(b, "shares_outstanding");
        Double eps = d(b, "eps_ttm");
        Double revenue = d(b, "revenue_ttm");
        Double equity = d(b, "stockholders_equity");
        Double debt = d(b, "total_debt");
        Double cash = d(b, "cash");
        Double ebitda = d(b, "ebitda_ttm");
        Double fcf = d(b, "fcf_ttm");

        Map<String, Object> row = new HashMap<>();
        row.put("price", price);
        Double marketCap = shares == null ? null : price * shares;
        row.put("market_cap", marketCap);
        row.put("pe", eps == null || eps <= 0 ? null : price / eps);
        row.put("ps", divide(marketCap, revenue));
        row.put("pb", divide(marketCap, equity));
        Double ev = marketCap == null || debt == null || cash == null ? null : marketCap + debt - cash;
        row.put("ev", ev);
        row.put("ev_ebitda", ev == null || ebitda == null || ebitda <= 0 ? null : ev / ebitda);
        row.put("fcf_yield", divide(fcf, marketCap));
        row.put("dividend_yield", dividendsInWindow(symbol, d) / price);
        row.put("gross_margin", divide(d(b, "gross_profit_ttm"), revenue));
        row.put("operating_margin", divide(d(b, "operating_income_ttm"), revenue));
        row.put("net_margin", divide(d(b, "net_income_ttm"), revenue));
        row.put("roe", divide(d(b, "net_income_ttm"), equity));
        row.put("debt_to_equity", divide(debt, equity));
        row.put("current_ratio", divide(d(b, "current_assets"), d(b, "current_liabilities")));
        return ordered(row, VALUATION_COLUMNS);
    }

    /** Rule 9: the sum (in decimal, rounded once) of the symbol's dividends with ex-date in (d - 365 days, d]. */
    private double dividendsInWindow(String symbol, LocalDate d) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<LocalDate, Double> e : dividends.getOrDefault(symbol, new TreeMap<>()).entrySet()) {
            if (e.getKey().isAfter(d.minusDays(DIVIDEND_WINDOW_DAYS)) && !e.getKey().isAfter(d)) {
                sum = sum.add(decimal(e.getValue()));
            }
        }
        return sum.doubleValue();
    }

    // ------------------------------------------------------------------------------------------
    // Small helpers

    private static Double d(Map<String, Object> row, String column) {
        return (Double) row.get(column);
    }

    /** {@code row[num] / row[den]}; null when either is null or the denominator is 0. */
    private static Double ratio(Map<String, Object> row, String num, String den) {
        return divide(d(row, num), d(row, den));
    }

    /** {@code a / b}; null when either is null or {@code b == 0}. */
    private static Double divide(Double a, Double b) {
        return a == null || b == null || b == 0 ? null : a / b;
    }

    private static Double minus(Double a, Double b) {
        return a == null || b == null ? null : a - b;
    }

    private static Double plus(Double a, Double b) {
        return a == null || b == null ? null : a + b;
    }

    /** The row's values in {@code columns} order (absent columns as null). */
    private static Map<String, Object> ordered(Map<String, Object> row, List<String> columns) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String c : columns) {
            out.put(c, row.get(c));
        }
        if (!columns.containsAll(row.keySet())) {
            throw new IllegalStateException("unexpected columns " + row.keySet());
        }
        return Collections.unmodifiableMap(out);
    }

    // ------------------------------------------------------------------------------------------
    // Reading a folder of input files

    /** Canonical field order of a daily/intraday price line for {@link Parsers#price}. */
    private static final List<String> PRICE_COLUMNS = List.of("symbol", "date", "open", "high", "low", "close",
            "volume", "ts");
    /** Canonical field order of a corporate action line for {@link Parsers#corporateAction}. */
    private static final List<String> ACTION_COLUMNS = List.of("symbol", "ex_date", "type", "value");

    /**
     * Reads the input files of a folder the way the product's {@code local} command does, in
     * file-name order and line order:
     * <ul>
     * <li>{@code prices*.csv}: header row mapped by column name (case-insensitive, trimmed; a
     *     leading BOM ignored; {@code ts} optional, extra columns ignored); each line is rebuilt
     *     in the canonical field order and validated by {@link Parsers#price}. Valid intraday bars
     *     (non-empty {@code ts}) are ignored. The first valid daily bar of a (symbol, date) wins.</li>
     * <li>{@code corporate_actions*.csv}: the same with {@link Parsers#corporateAction}; the first
     *     valid action of a (symbol, ex_date, type) wins; only dividends are kept.</li>
     * <li>{@code filings*.jsonl}: one JSON object per non-blank line, validated by
     *     {@link Parsers#filing}; the first valid filing of a (symbol, accession) wins.</li>
     * </ul>
     * A CSV line whose field count differs from the header's, or that a parser rejects, is
     * skipped, as is every later record with an accepted key; both are counted in
     * {@link #skippedRecords()}. A CSV file without a header or without a required column is an
     * {@link IOException}.
     */
    public static FundamentalsReference fromFolder(Path dir) throws IOException {
        FundamentalsReference ref = new FundamentalsReference();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
        Set<String> barKeys = new HashSet<>();
        Set<String> actionKeys = new HashSet<>();
        Set<String> filingKeys = new HashSet<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.startsWith("prices") && name.endsWith(".csv")) {
                for (byte[] line : CanonicalCsv.lines(file, PRICE_COLUMNS, Set.of("ts"),
                        true, () -> ref.skippedRecords++)) {
                    PriceBar bar;
                    try {
                        bar = Parsers.price(line);
                    } catch (InvalidRecordException e) {
                        ref.skippedRecords++;
                        continue;
                    }
                    if (bar.isIntraday()) {
                        continue;
                    }
                    if (barKeys.add(bar.getSymbol() + " " + bar.getDate())) {
                        ref.addBar(bar.getSymbol(), bar.getDate(), bar.getClose());
                    } else {
                        ref.skippedRecords++;
                    }
                }
            } else if (name.startsWith("corporate_actions") && name.endsWith(".csv")) {
                for (byte[] line : CanonicalCsv.lines(file, ACTION_COLUMNS, Set.of(),
                        true, () -> ref.skippedRecords++)) {
                    CorporateAction a;
                    try {
                        a = Parsers.corporateAction(line);
                    } catch (InvalidRecordException e) {
                        ref.skippedRecords++;
                        continue;
                    }
                    if (!actionKeys.add(a.getSymbol() + " " + a.getExDate() + " " + a.getType())) {
                        ref.skippedRecords++;
                    } else if (a.getType() == ActionType.DIVIDEND) {
                        ref.addDividend(a.getSymbol(), a.getExDate(), a.getValue());
                    }
                }
            } else if (name.startsWith("filings") && name.endsWith(".jsonl")) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    Filing f;
                    try {
                        f = Parsers.filing(line.getBytes(StandardCharsets.UTF_8));
                    } catch (InvalidRecordException e) {
                        ref.skippedRecords++;
                        continue;
                    }
                    if (!filingKeys.add(f.getSymbol() + " " + f.getAccession())) {
                        ref.skippedRecords++;
                        continue;
                    }
                    List<Fact> facts = new ArrayList<>();
                    for (org.finstream.records.Fact x : f.getFacts()) {
                        facts.add(new Fact(x.getConcept(), x.getStart(), x.getEnd(), x.getValue()));
                    }
                    ref.addFiling(f.getSymbol(), f.getForm(), f.getAccession(), f.getFiled(), f.getFiscalYear(),
                            f.getFiscalPeriod(), facts);
                }
            }
        }
        return ref;
    }

}
