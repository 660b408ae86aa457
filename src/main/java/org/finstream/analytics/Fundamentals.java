package org.finstream.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.finstream.records.Concepts;

/**
 * Fundamentals of one company from its filings (METRICS.md section 4; the exact rules are in
 * the README, "Fundamentals and valuation"): winning facts, discrete quarters from quarter
 * facts or year-to-date differences, TTM sums, balance items, year-over-year growth, Piotroski
 * F-score and Altman Z, one {@link Row} per filing period end. A pure function of the filings.
 *
 * <p>Arithmetic: each reported value is taken as the decimal it was written as; quarter
 * differences and TTM sums are exact in decimal and rounded to a double once, so a TTM does
 * not depend on the order of its quarters and equal TTMs give a growth of exactly 0. Ratios and
 * scores are double arithmetic in the order the formulas are written.
 */
public final class Fundamentals {
    /** Duration concepts, in the order of {@link Row#ttm()}. */
    public static final List<String> DURATIONS = Concepts.DURATIONS;
    /** Instant (balance) concepts, in the order of {@link Row#balance()}. */
    public static final List<String> INSTANTS = Concepts.INSTANTS;

    private static final int REVENUE = DURATIONS.indexOf("revenue");
    private static final int GROSS_PROFIT = DURATIONS.indexOf("gross_profit");
    private static final int OPERATING_INCOME = DURATIONS.indexOf("operating_income");
    private static final int NET_INCOME = DURATIONS.indexOf("net_income");
    private static final int EPS = DURATIONS.indexOf("eps_diluted");
    private static final int OPERATING_CASH_FLOW = DURATIONS.indexOf("operating_cash_flow");
    private static final int CAPEX = DURATIONS.indexOf("capex");
    private static final int DEPRECIATION = DURATIONS.indexOf("depreciation_amortization");
    private static final int SHARES = INSTANTS.indexOf("shares_outstanding");
    private static final int TOTAL_ASSETS = INSTANTS.indexOf("total_assets");
    private static final int TOTAL_LIABILITIES = INSTANTS.indexOf("total_liabilities");
    private static final int CURRENT_ASSETS = INSTANTS.indexOf("current_assets");
    private static final int CURRENT_LIABILITIES = INSTANTS.indexOf("current_liabilities");
    private static final int RETAINED_EARNINGS = INSTANTS.indexOf("retained_earnings");
    private static final int TOTAL_DEBT = INSTANTS.indexOf("total_debt");

    private static final Comparator<Filing> FILING_ORDER =
            Comparator.comparing(Filing::filed).thenComparing(Filing::accession);

    /** One fact: {@code start} is null for an instant. */
    public record Fact(String concept, LocalDate start, LocalDate end, double value) {}

    /** One filing's identity and facts. */
    public record Filing(String form, String accession, LocalDate filed, int fiscalYear, String fiscalPeriod,
                         List<Fact> facts) {}

    /**
     * One fundamentals row.
     *
     * @param ttm     TTM per {@link #DURATIONS} concept (eps_diluted's is eps_ttm), null when unknown
     * @param balance per {@link #INSTANTS} concept at the period end, null when not reported
     */
    public record Row(LocalDate periodEnd, String form, String accession, int fiscalYear, String fiscalPeriod,
                      LocalDate filed, Double[] ttm, Double fcfTtm, Double ebitdaTtm, Double[] balance,
                      Double revenueGrowthYoy, Double epsGrowthYoy, Integer piotroskiF, Double altmanZ) {}

    /** A discrete quarter; its value is exact (the decimal of each fact, differences and sums exact). */
    private record Quarter(LocalDate start, LocalDate end, BigDecimal value) {}

    private record Key(String concept, LocalDate start, LocalDate end) {}

    private Fundamentals() {}

    /**
     * @param filings         every filing of the company known so far, in any order
     * @param closeOnOrBefore the company's close on a date or its latest trading day before it
     *                        (null when unknown), for Altman Z's market value of equity
     * @return the rows by period end
     */
    public static SortedMap<LocalDate, Row> rows(Collection<Filing> filings,
                                                 Function<LocalDate, Double> closeOnOrBefore) {
        List<Filing> ordered = new ArrayList<>(filings);
        ordered.sort(FILING_ORDER);
        Map<Key, Double> winners = new HashMap<>();
        TreeMap<LocalDate, Filing> rowFilings = new TreeMap<>();
        for (Filing f : ordered) {
            LocalDate periodEnd = null;
            for (Fact fact : f.facts()) {
                boolean duration = DURATIONS.contains(fact.concept());
                if (!(duration || INSTANTS.contains(fact.concept())) || duration != (fact.start() != null)) {
                    continue;
                }
                winners.put(new Key(fact.concept(), fact.start(), fact.end()), fact.value());
                periodEnd = periodEnd == null || fact.end().isAfter(periodEnd) ? fact.end() : periodEnd;
            }
            if (periodEnd != null) {
                rowFilings.put(periodEnd, f); // later (filed, accession) wins
            }
        }
        List<TreeMap<LocalDate, Quarter>> quarters = new ArrayList<>();
        for (String concept : DURATIONS) {
            quarters.add(quarters(concept, winners));
        }

        TreeMap<LocalDate, Row> rows = new TreeMap<>();
        for (Map.Entry<LocalDate, Filing> e : rowFilings.entrySet()) {
            LocalDate end = e.getKey();
            Filing f = e.getValue();
            Double[] ttm = new Double[DURATIONS.size()];
            for (int c = 0; c < ttm.length; c++) {
                ttm[c] = ttm(quarters.get(c), end);
            }
            Double[] balance = new Double[INSTANTS.size()];
            for (int c = 0; c < balance.length; c++) {
                balance[c] = winners.get(new Key(INSTANTS.get(c), null, end));
            }
            rows.put(end, new Row(end, f.form(), f.accession(), f.fiscalYear(), f.fiscalPeriod(), f.filed(), ttm,
                    minus(ttm[OPERATING_CASH_FLOW], ttm[CAPEX]), plus(ttm[OPERATING_INCOME], ttm[DEPRECIATION]), balance,
                    null, null, null, altmanZ(ttm, balance, closeOnOrBefore.apply(f.filed()))));
        }
        for (Map.Entry<LocalDate, Row> e : rows.entrySet()) {
            Row r = e.getValue();
            Map.Entry<LocalDate, Row> prior = rows.floorEntry(e.getKey().minusDays(350));
            Row p = prior != null && !prior.getKey().isBefore(e.getKey().minusDays(380)) ? prior.getValue() : null;
            if (p != null) {
                e.setValue(new Row(r.periodEnd(), r.form(), r.accession(), r.fiscalYear(), r.fiscalPeriod(), r.filed(),
                        r.ttm(), r.fcfTtm(), r.ebitdaTtm(), r.balance(), growth(r.ttm()[REVENUE], p.ttm()[REVENUE]),
                        growth(r.ttm()[EPS], p.ttm()[EPS]), piotroski(r, p), r.altmanZ()));
            }
        }
        return rows;
    }

    /** Discrete quarters of one duration concept by end date (rules a, b, c). */
    private static TreeMap<LocalDate, Quarter> quarters(String concept, Map<Key, Double> winners) {
        TreeMap<LocalDate, TreeMap<LocalDate, Double>> byStart = new TreeMap<>();
        for (Map.Entry<Key, Double> w : winners.entrySet()) {
            if (w.getKey().concept().equals(concept)) {
                byStart.computeIfAbsent(w.getKey().start(), s -> new TreeMap<>()).put(w.getKey().end(), w.getValue());
            }
        }
        TreeMap<LocalDate, Quarter> quarters = new TreeMap<>();
        // a. direct quarter facts; for one end date the latest start (byStart ascends)
        byStart.forEach((start, ends) -> ends.forEach((end, v) -> {
            if (inRange(days(start, end) + 1, 80, 100)) {
                quarters.put(end, new Quarter(start, end, BigDecimal.valueOf(v)));
            }
        }));
        // b. year-to-date differences, for ends without a direct quarter; the latest (s, e1) wins
        TreeMap<LocalDate, Quarter> derived = new TreeMap<>();
        byStart.forEach((start, ends) -> ends.forEach((e1, v1) -> ends.tailMap(e1, false).forEach((e2, v2) -> {
            if (!quarters.containsKey(e2) && inRange(days(e1, e2), 80, 100) && days(start, e1) + 1 >= 80) {
                derived.put(e2, new Quarter(e1.plusDays(1), e2, BigDecimal.valueOf(v2).subtract(BigDecimal.valueOf(v1))));
            }
        })));
        quarters.putAll(derived);
        // c. annual minus three consecutive quarters from a/b, the first starting with the year
        TreeMap<LocalDate, Quarter> fromAnnual = new TreeMap<>();
        byStart.forEach((start, ends) -> ends.forEach((end, v) -> {
            if (quarters.containsKey(end) || !inRange(days(start, end) + 1, 340, 380)) {
                return;
            }
            for (Quarter q1 : quarters.values()) {
                if (!q1.start().equals(start)) {
                    continue;
                }
                Quarter q2 = startingAfter(quarters, q1);
                Quarter q3 = q2 == null ? null : startingAfter(quarters, q2);
                if (q3 != null && inRange(days(q3.end(), end), 80, 100)) {
                    BigDecimal three = q1.value().add(q2.value()).add(q3.value());
                    fromAnnual.put(end, new Quarter(q3.end().plusDays(1), end, BigDecimal.valueOf(v).subtract(three)));
                    return;
                }
            }
        }));
        quarters.putAll(fromAnnual);
        return quarters;
    }

    /** The quarter starting the day after {@code q} ends, or null. */
    private static Quarter startingAfter(TreeMap<LocalDate, Quarter> quarters, Quarter q) {
        for (Quarter next : quarters.tailMap(q.end(), false).values()) {
            if (next.start().equals(q.end().plusDays(1))) {
                return next;
            }
        }
        return null;
    }

    /** Sum of the quarter ending at {@code end} and the three consecutive quarters before it. */
    private static Double ttm(TreeMap<LocalDate, Quarter> quarters, LocalDate end) {
        Quarter q = quarters.get(end);
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < 4; i++) {
            if (q == null) {
                return null;
            }
            sum = sum.add(q.value());
            q = quarters.get(q.start().minusDays(1));
        }
        return sum.doubleValue();
    }

    private static Double growth(Double now, Double prior) {
        return now == null || prior == null || prior == 0.0 ? null : (now - prior) / Math.abs(prior);
    }

    /** The nine tests of the README, each comparing the row with the prior row; null if any input is missing. */
    private static Integer piotroski(Row r, Row p) {
        Double ni = r.ttm()[NET_INCOME];
        Double cfo = r.ttm()[OPERATING_CASH_FLOW];
        Double[] now = {ratio(ni, r.balance()[TOTAL_ASSETS]), ratio(r.balance()[TOTAL_DEBT], r.balance()[TOTAL_ASSETS]),
            ratio(r.balance()[CURRENT_ASSETS], r.balance()[CURRENT_LIABILITIES]),
            ratio(r.ttm()[GROSS_PROFIT], r.ttm()[REVENUE]), ratio(r.ttm()[REVENUE], r.balance()[TOTAL_ASSETS])};
        Double[] then = {ratio(p.ttm()[NET_INCOME], p.balance()[TOTAL_ASSETS]),
            ratio(p.balance()[TOTAL_DEBT], p.balance()[TOTAL_ASSETS]),
            ratio(p.balance()[CURRENT_ASSETS], p.balance()[CURRENT_LIABILITIES]),
            ratio(p.ttm()[GROSS_PROFIT], p.ttm()[REVENUE]), ratio(p.ttm()[REVENUE], p.balance()[TOTAL_ASSETS])};
        Double shares = r.balance()[SHARES];
        Double priorShares = p.balance()[SHARES];
        if (ni == null || cfo == null || shares == null || priorShares == null) {
            return null;
        }
        for (int i = 0; i < now.length; i++) {
            if (now[i] == null || then[i] == null) {
                return null;
            }
        }
        boolean[] tests = {ni > 0, cfo > 0, now[0] > then[0], cfo > ni, now[1] < then[1], now[2] > then[2],
            shares <= priorShares, now[3] > then[3], now[4] > then[4]};
        int score = 0;
        for (boolean t : tests) {
            score += t ? 1 : 0;
        }
        return score;
    }

    private static Double altmanZ(Double[] ttm, Double[] balance, Double close) {
        Double ta = balance[TOTAL_ASSETS];
        Double tl = balance[TOTAL_LIABILITIES];
        Double ca = balance[CURRENT_ASSETS];
        Double cl = balance[CURRENT_LIABILITIES];
        Double re = balance[RETAINED_EARNINGS];
        Double shares = balance[SHARES];
        Double ebit = ttm[OPERATING_INCOME];
        Double sales = ttm[REVENUE];
        if (ta == null || tl == null || ca == null || cl == null || re == null || shares == null || ebit == null
                || sales == null || close == null || ta == 0.0 || tl == 0.0) {
            return null;
        }
        return 1.2 * (ca - cl) / ta + 1.4 * re / ta + 3.3 * ebit / ta + 0.6 * (close * shares) / tl + 1.0 * sales / ta;
    }

    /** a / b; null when either is null or b is 0. */
    public static Double ratio(Double a, Double b) {
        return a == null || b == null || b == 0.0 ? null : a / b;
    }

    private static Double minus(Double a, Double b) {
        return a == null || b == null ? null : a - b;
    }

    private static Double plus(Double a, Double b) {
        return a == null || b == null ? null : a + b;
    }

    private static long days(LocalDate a, LocalDate b) {
        return ChronoUnit.DAYS.between(a, b);
    }

    private static boolean inRange(long value, long min, long max) {
        return value >= min && value <= max;
    }
}
