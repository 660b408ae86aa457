package org.finstream.reference;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.finstream.ingest.CsvLine;
import org.finstream.ingest.InvalidRecordException;
import org.finstream.ingest.Parsers;
import org.finstream.records.ActionType;
import org.finstream.records.CorporateAction;
import org.finstream.records.ReferenceData;
import org.finstream.records.Trade;
import org.finstream.reference.SymbolMetricsReference.Params;

/**
 * An independent, deliberately naive reference implementation of the per-portfolio daily results
 * (METRICS.md section 6), used by integration tests to check the exported
 * {@code portfolio_daily.csv} and {@code portfolio_correlations.csv}. It shares no code with the
 * product's analytics, jobs or sinks: the per-symbol rows (close, return, metric columns) come
 * from {@link SymbolMetricsReference}, every portfolio is replayed day by day from its raw trades,
 * and every window is collected again for every row. Product classes are used only to parse
 * input lines ({@link Parsers}, {@link CsvLine}, the record types).
 *
 * <h2>Definitions (how this class reads the contract)</h2>
 * <ul>
 * <li><b>Symbol-day actions</b>: on each bar of a symbol but its first, {@code s} and {@code D}
 *     fold the symbol's actions with ex-date in {@code (previous bar, this bar]} exactly as the
 *     total return does (per ex-date splits multiply and dividends add, then in ex-date order
 *     {@code D = D / s_e + D_e; s = s * s_e}); on its first bar, and on any date without a bar,
 *     {@code s = 1, D = 0}.</li>
 * <li><b>Portfolio days</b>: walking the union of all symbols' bar dates from the portfolio's
 *     first trade date on, date d is a portfolio day when some symbol that is held at the end of
 *     the previous portfolio day, or that has a not yet applied trade dated on or before d, has a
 *     bar on d.</li>
 * <li><b>Trades applied on d</b>: every not yet applied trade dated on or before d (on its own
 *     date when that is a portfolio day, even if its symbol has no bar then, otherwise on the
 *     first portfolio day after it; until then its symbol makes portfolio days like a held
 *     symbol). Two equal trades both count.</li>
 * <li><b>Positions of d</b>: the symbols held at the end of d-1 plus those traded on d, with
 *     {@code q(d) = q(d-1) * s(d) + (sum of the day's trade quantities, in input order)}. A
 *     position whose quantity is exactly 0 is still a position of d (weight 0, its metrics and
 *     returns still matter) and is dropped after d.</li>
 * <li><b>Priced positions</b>: positions whose symbol has a bar on or before d; {@code c} is the
 *     close of the latest such bar. The others are valued at 0 and left out of every weight-based
 *     column (betas, alpha, exposures, vol, top5, hhi, sectors).</li>
 * <li><b>Values</b>: {@code market_value}, {@code gross_exposure}, {@code pnl} and
 *     {@code equity} are sums of exact products accumulated with compensated (double-double)
 *     arithmetic, so {@code pnl} is accurate even when MV(d) and MV(d-1) nearly cancel;
 *     {@code equity(d)} is the accurate sum of every pnl term so far. {@code return = pnl / MV(d-1)}
 *     when the previous row's MV {@code > 0} (the first row: null). Because these terms cancel
 *     (the exact pnl of a day whose trades were at the close is 0), {@link #assertDailyMatches}
 *     allows pnl, equity and return the rounding of a plain sum of their terms
 *     ({@link #sumScales()}).</li>
 * <li><b>Weight-based columns</b> (null when MV == 0): {@code w = q c / MV}; betas, alpha and
 *     exposures {@code sum w m} with m the symbol's metric from its latest row on or before d
 *     (null when any priced position's metric is null); {@code top5_weight}, {@code hhi};
 *     {@code sector_<name>} for every sector of a priced position of any row of any portfolio
 *     (0.0 in a row without that sector). Sector names are lower-cased ({@link Locale#ROOT}) and
 *     every run of characters outside {@code [a-z0-9]} becomes {@code _} (leading and trailing
 *     runs included); symbols without reference data are {@code unknown}; the latest reference
 *     data of a symbol applies to every date.</li>
 * <li><b>vol_63</b>: the dates {@code <= d} on which every priced position's symbol has a return;
 *     over the last {@code volWindow} of them the series {@code p(t) = sum w r(t)}, its sample
 *     standard deviation times {@code sqrt(252)}; null with fewer dates or MV == 0.</li>
 * <li><b>Correlations</b> (only on a portfolio's last row): every pair {@code a < b}
 *     ({@link String#compareTo}) of the symbols held at the end of that day (priced or not), the
 *     Pearson correlation over the last {@code correlationWindow} dates {@code <= d} on which both
 *     have a return; null with fewer dates or when either series is constant there.</li>
 * </ul>
 * The window lengths of {@code vol_63} (63) and of the correlations (90) are constructor
 * parameters so that tests can use small ones; the vol column is named {@code vol_<window>}.
 */
public final class PortfolioReference {
    public static final int DEFAULT_VOL_WINDOW = 63;
    public static final int DEFAULT_CORRELATION_WINDOW = 90;
    /** How many of each symbol's most recent returns the common-date searches look at (2 x 90). */
    public static final int LOOKBACK = 180;
    /** vol_63 is annualized with sqrt(252), whatever the symbol metrics' annualization. */
    public static final int ANNUALIZATION_DAYS = 252;
    /** Key columns of {@code portfolio_daily.csv}. */
    public static final List<String> DAILY_KEY = List.of("portfolio_id", "date");
    /** Columns of {@code portfolio_correlations.csv}. */
    public static final List<String> CORRELATION_COLUMNS = List.of("portfolio_id", "date", "symbol_a", "symbol_b",
            "correlation");

    /** One trade; {@code seq} keeps equal trades apart and preserves the input order. */
    private record TradeRow(int seq, String portfolio, String symbol, LocalDate date, double quantity,
                            double price) {}

    private record Action(LocalDate exDate, boolean split, double value) {}

    /**
     * Everything {@link #daily()} and {@link #latestCorrelations()} return, and the scale of the
     * columns that are sums of cancelling terms (see {@link #sumScales()}).
     */
    private record Result(Map<String, SortedMap<LocalDate, Map<String, Object>>> daily,
                          Map<String, Map<String, Double>> correlations, List<String> columns,
                          Map<String, SortedMap<LocalDate, Map<String, Double>>> scales) {}

    private final SymbolMetricsReference symbols;
    private final Params params;
    private final int volWindow;
    private final int correlationWindow;
    private final List<TradeRow> trades = new ArrayList<>();
    private final Map<String, List<Action>> actions = new HashMap<>();
    private final Map<String, String> sectors = new HashMap<>();
    private int skippedRecords;
    private Result result;

    public PortfolioReference(Params params) {
        this(params, DEFAULT_VOL_WINDOW, DEFAULT_CORRELATION_WINDOW);
    }

    /** With other window lengths for vol (column {@code vol_<volWindow>}) and the correlations. */
    public PortfolioReference(Params params, int volWindow, int correlationWindow) {
        this(new SymbolMetricsReference(params), volWindow, correlationWindow);
    }

    private PortfolioReference(SymbolMetricsReference symbols, int volWindow, int correlationWindow) {
        this.symbols = Objects.requireNonNull(symbols, "symbols");
        this.params = symbols.params();
        if (volWindow < 2 || correlationWindow < 2) {
            throw new IllegalArgumentException("windows must be >= 2: " + volWindow + ", " + correlationWindow);
        }
        this.volWindow = volWindow;
        this.correlationWindow = correlationWindow;
    }

    public Params params() {
        return params;
    }

    public void addTrade(String portfolio, String symbol, LocalDate tradeDate, double quantity, double price) {
        Objects.requireNonNull(portfolio, "portfolio");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(tradeDate, "tradeDate");
        trades.add(new TradeRow(trades.size(), portfolio, symbol, tradeDate, quantity, price));
        result = null;
    }

    /** A daily bar (see {@link SymbolMetricsReference#addBar}: a second bar of a symbol-day is an error). */
    public void addBar(String symbol, LocalDate date, double high, double low, double close, double volume) {
        symbols.addBar(symbol, date, high, low, close, volume);
        result = null;
    }

    /** A corporate action: {@code type} "split" (new shares per old) or "dividend" (cash per share). */
    public void addAction(String symbol, LocalDate exDate, String type, double value) {
        symbols.addAction(symbol, exDate, type, value); // validates the type
        actions.computeIfAbsent(symbol, s -> new ArrayList<>())
                .add(new Action(exDate, type.equalsIgnoreCase("split"), value));
        result = null;
    }

    /** Reference data: the sector of a symbol; the latest call wins. */
    public void addSector(String symbol, String sector) {
        sectors.put(Objects.requireNonNull(symbol, "symbol"), Objects.requireNonNull(sector, "sector"));
        result = null;
    }

    /** Trade and reference lines that {@link #fromFolder} skipped as invalid. */
    public int skippedRecords() {
        return skippedRecords;
    }

    /** The per-symbol rows the portfolios are built from (symbol -> date -> column -> value). */
    Map<String, SortedMap<LocalDate, Map<String, Double>>> symbolRows() {
        return symbols.compute();
    }

    /** portfolio -> date -> column -> value ({@link Double} or null), columns in {@link #dailyColumns()} order. */
    public Map<String, SortedMap<LocalDate, Map<String, Object>>> daily() {
        return result().daily();
    }

    /**
     * portfolio -> date -> {@code pnl}, {@code equity}, {@code return} -> the sum of the absolute
     * values of the terms the column sums: for pnl {@code sum |q c|} of d and of d-1 plus
     * {@code sum |quantity * price|} plus {@code sum |q(d-1) s D|}; for equity the sum of the pnl
     * scales so far; for return the pnl scale / MV(d-1) (absent when the return is null). A
     * product that sums these terms in plain floating point is off by up to about
     * {@code n * 2^-53} times the scale, which can be any multiple of the exact value when the
     * terms cancel (a trade at the close makes the exact pnl 0).
     */
    public Map<String, SortedMap<LocalDate, Map<String, Double>>> sumScales() {
        return result().scales();
    }

    /** portfolio -> "symbol_a symbol_b" -> correlation on the portfolio's last date (null allowed). */
    public Map<String, Map<String, Double>> latestCorrelations() {
        return result().correlations();
    }

    /** The portfolio's last row date, or null when it has no row. */
    public LocalDate lastDate(String portfolio) {
        SortedMap<LocalDate, Map<String, Object>> rows = daily().get(portfolio);
        return rows == null || rows.isEmpty() ? null : rows.lastKey();
    }

    /**
     * {@code market_value, gross_exposure, pnl, equity, return, beta_mkt_<W>, beta_rates_<W>,
     * vol_<volWindow>, top5_weight, hhi}, {@code beta_<spread>} per spread, {@code alpha},
     * {@code exp_<factor>} per factor, then {@code sector_<name>} per sector seen, sorted by name.
     */
    public List<String> dailyColumns() {
        return result().columns();
    }

    /** The sector column name of a sector text, e.g. {@code Information Technology -> information_technology}. */
    static String sectorName(String sector) {
        String name = sector.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        return name.isEmpty() ? "unknown" : name;
    }

    // ------------------------------------------------------------------------------------------
    // Computation

    private Result result() {
        if (result == null) {
            result = compute();
        }
        return result;
    }

    /** The metric columns aggregated as {@code sum w m}, in export order. */
    private List<String> metricColumns() {
        List<String> c = new ArrayList<>();
        c.add(params.betaMktColumn());
        c.add(params.betaRatesColumn());
        for (String name : params.spreads().keySet()) {
            c.add("beta_" + name);
        }
        c.add("alpha");
        for (String f : params.factors()) {
            c.add("exp_" + f);
        }
        return c;
    }

    private List<String> baseColumns() {
        List<String> c = new ArrayList<>(List.of("market_value", "gross_exposure", "pnl", "equity", "return",
                params.betaMktColumn(), params.betaRatesColumn(), "vol_" + volWindow, "top5_weight", "hhi"));
        for (String name : params.spreads().keySet()) {
            c.add("beta_" + name);
        }
        c.add("alpha");
        for (String f : params.factors()) {
            c.add("exp_" + f);
        }
        return c;
    }

    /** The shared inputs of every portfolio's replay. */
    private final class Market {
        final Map<String, SortedMap<LocalDate, Map<String, Double>>> rows;
        /** symbol -> bar date -> {s, D}. */
        final Map<String, Map<LocalDate, double[]>> splitDividend = new HashMap<>();
        /** symbol -> date -> return (only where defined). */
        final Map<String, NavigableMap<LocalDate, Double>> returns = new HashMap<>();
        final TreeSet<LocalDate> allDates = new TreeSet<>();

        Market() {
            rows = symbols.compute();
            for (Map.Entry<String, SortedMap<LocalDate, Map<String, Double>>> e : rows.entrySet()) {
                String symbol = e.getKey();
                allDates.addAll(e.getValue().keySet());
                TreeMap<LocalDate, Double> r = new TreeMap<>();
                e.getValue().forEach((d, row) -> {
                    if (row.get("return") != null) {
                        r.put(d, row.get("return"));
                    }
                });
                returns.put(symbol, r);
                splitDividend.put(symbol, fold(symbol, new ArrayList<>(e.getValue().keySet())));
            }
        }

        /** {s, D} on every bar of the symbol, folding the actions with ex-date in (previous bar, bar]. */
        private Map<LocalDate, double[]> fold(String symbol, List<LocalDate> barDates) {
            TreeMap<LocalDate, double[]> byExDate = new TreeMap<>();
            for (Action a : actions.getOrDefault(symbol, List.of())) {
                double[] sd = byExDate.computeIfAbsent(a.exDate(), d -> new double[] {1.0, 0.0});
                if (a.split()) {
                    sd[0] *= a.value();
                } else {
                    sd[1] += a.value();
                }
            }
            Map<LocalDate, double[]> out = new HashMap<>();
            for (int k = 0; k < barDates.size(); k++) {
                double s = 1.0;
                double dividend = 0.0;
                if (k > 0) {
                    for (double[] sd : byExDate.subMap(barDates.get(k - 1), false, barDates.get(k), true).values()) {
                        dividend = dividend / sd[0] + sd[1];
                        s = s * sd[0];
                    }
                }
                out.put(barDates.get(k), new double[] {s, dividend});
            }
            return out;
        }

        boolean hasBar(String symbol, LocalDate d) {
            SortedMap<LocalDate, Map<String, Double>> r = rows.get(symbol);
            return r != null && r.containsKey(d);
        }

        /** {s, D} of the symbol on d: {1, 0} without a bar. */
        double[] splitDividend(String symbol, LocalDate d) {
            Map<LocalDate, double[]> m = splitDividend.get(symbol);
            double[] sd = m == null ? null : m.get(d);
            return sd == null ? new double[] {1.0, 0.0} : sd;
        }

        /** The symbol's latest row on or before d, or null. */
        Map<String, Double> rowAsOf(String symbol, LocalDate d) {
            SortedMap<LocalDate, Map<String, Double>> r = rows.get(symbol);
            if (r == null) {
                return null;
            }
            SortedMap<LocalDate, Map<String, Double>> head = r.headMap(d.plusDays(1));
            return head.isEmpty() ? null : head.get(head.lastKey());
        }
    }

    private Result compute() {
        Market market = new Market();
        Map<String, List<TradeRow>> byPortfolio = new TreeMap<>();
        for (TradeRow t : trades) {
            byPortfolio.computeIfAbsent(t.portfolio(), p -> new ArrayList<>()).add(t);
        }
        List<String> base = baseColumns();
        Map<String, SortedMap<LocalDate, Map<String, Object>>> partial = new TreeMap<>();
        Map<String, SortedMap<LocalDate, Map<String, Double>>> sectorRows = new TreeMap<>(); // null map: MV == 0
        Map<String, Map<String, Double>> correlations = new TreeMap<>();
        Map<String, SortedMap<LocalDate, Map<String, Double>>> scales = new TreeMap<>();
        TreeSet<String> sectorNames = new TreeSet<>();
        for (Map.Entry<String, List<TradeRow>> e : byPortfolio.entrySet()) {
            Replay replay = new Replay(market, e.getValue());
            replay.run();
            if (replay.rows.isEmpty()) {
                continue;
            }
            partial.put(e.getKey(), replay.rows);
            sectorRows.put(e.getKey(), replay.sectorRows);
            sectorNames.addAll(replay.sectorsSeen);
            scales.put(e.getKey(), Collections.unmodifiableSortedMap(replay.scales));
            correlations.put(e.getKey(), Collections.unmodifiableMap(replay.correlations()));
        }

        List<String> columns = new ArrayList<>(base);
        for (String s : sectorNames) {
            columns.add("sector_" + s);
        }
        Map<String, SortedMap<LocalDate, Map<String, Object>>> daily = new TreeMap<>();
        partial.forEach((portfolio, rows) -> {
            SortedMap<LocalDate, Map<String, Object>> out = new TreeMap<>();
            rows.forEach((date, row) -> {
                Map<String, Object> full = new LinkedHashMap<>(row);
                Map<String, Double> bySector = sectorRows.get(portfolio).get(date);
                for (String s : sectorNames) {
                    full.put("sector_" + s, bySector == null ? null : bySector.getOrDefault(s, 0.0));
                }
                out.put(date, Collections.unmodifiableMap(full));
            });
            daily.put(portfolio, Collections.unmodifiableSortedMap(out));
        });
        return new Result(Collections.unmodifiableMap(daily), Collections.unmodifiableMap(correlations),
                List.copyOf(columns), Collections.unmodifiableMap(scales));
    }

    /** One portfolio replayed day by day. */
    private final class Replay {
        private final Market market;
        private final List<TradeRow> pending;
        private final SortedMap<LocalDate, Map<String, Object>> rows = new TreeMap<>();
        /** date -> sector name -> weight; a null value when MV == 0. */
        private final SortedMap<LocalDate, Map<String, Double>> sectorRows = new TreeMap<>();
        private final Set<String> sectorsSeen = new HashSet<>();
        private final SortedMap<LocalDate, Map<String, Double>> scales = new TreeMap<>();
        /** Quantities held at the end of the last processed day (never 0). */
        private TreeMap<String, Double> held = new TreeMap<>();
        private LocalDate lastDay;

        Replay(Market market, List<TradeRow> portfolioTrades) {
            this.market = market;
            this.pending = new ArrayList<>(portfolioTrades);
            this.pending.sort(Comparator.comparingInt(TradeRow::seq));
        }

        void run() {
            LocalDate first = pending.stream().map(TradeRow::date).min(Comparator.naturalOrder()).orElseThrow();
            List<double[]> previousValues = List.of(); // {q, c} of every position of d-1 (c = 0 when unpriced)
            double previousMv = 0.0;
            AccurateSum equity = new AccurateSum();
            double equityScale = 0.0;
            for (LocalDate d : market.allDates.tailSet(first, true)) {
                // 1. is d a portfolio day?
                Set<String> candidates = new HashSet<>(held.keySet());
                for (TradeRow t : pending) {
                    if (!t.date().isAfter(d)) {
                        candidates.add(t.symbol());
                    }
                }
                boolean portfolioDay = false;
                for (String s : candidates) {
                    portfolioDay |= market.hasBar(s, d);
                }
                if (!portfolioDay) {
                    continue;
                }

                // 2. the trades applied on d
                List<TradeRow> applied = new ArrayList<>();
                for (Iterator<TradeRow> it = pending.iterator(); it.hasNext(); ) {
                    TradeRow t = it.next();
                    if (!t.date().isAfter(d)) {
                        applied.add(t);
                        it.remove();
                    }
                }

                // 3. positions of d
                TreeMap<String, Double> tradeSums = new TreeMap<>();
                for (TradeRow t : applied) {
                    tradeSums.merge(t.symbol(), t.quantity(), Double::sum);
                }
                TreeSet<String> positions = new TreeSet<>(held.keySet());
                positions.addAll(tradeSums.keySet());

                AccurateSum pnl = new AccurateSum();
                AccurateSum mv = new AccurateSum();
                AccurateSum gross = new AccurateSum();
                double pnlScale = 0.0;
                for (double[] qc : previousValues) {
                    pnl.addProduct(-qc[0], qc[1]);
                    equity.addProduct(-qc[0], qc[1]);
                    pnlScale += Math.abs(qc[0] * qc[1]);
                }
                for (TradeRow t : applied) {
                    pnl.addProduct(-t.quantity(), t.price());
                    equity.addProduct(-t.quantity(), t.price());
                    pnlScale += Math.abs(t.quantity() * t.price());
                }
                List<double[]> values = new ArrayList<>();
                List<String> priced = new ArrayList<>();
                List<double[]> pricedQc = new ArrayList<>();
                TreeMap<String, Double> endHeld = new TreeMap<>();
                for (String symbol : positions) {
                    double[] sd = market.splitDividend(symbol, d);
                    Double qPrevious = held.get(symbol);
                    double carried = qPrevious == null ? 0.0 : qPrevious * sd[0];
                    if (qPrevious != null && sd[1] != 0.0) {
                        pnl.addProduct(carried, sd[1]);
                        equity.addProduct(carried, sd[1]);
                        pnlScale += Math.abs(carried * sd[1]);
                    }
                    double q = tradeSums.containsKey(symbol) ? carried + tradeSums.get(symbol) : carried;
                    Map<String, Double> row = market.rowAsOf(symbol, d);
                    double c = row == null ? 0.0 : row.get("close");
                    values.add(new double[] {q, c});
                    mv.addProduct(q, c);
                    gross.addProduct(Math.abs(q), c);
                    pnl.addProduct(q, c);
                    equity.addProduct(q, c);
                    pnlScale += Math.abs(q * c);
                    if (row != null) {
                        priced.add(symbol);
                        pricedQc.add(new double[] {q, c});
                    }
                    if (q != 0.0) {
                        endHeld.put(symbol, q);
                    }
                }

                double marketValue = mv.value();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("market_value", marketValue);
                out.put("gross_exposure", gross.value());
                double dayPnl = pnl.value();
                out.put("pnl", dayPnl);
                out.put("equity", equity.value());
                out.put("return", previousMv > 0 ? dayPnl / previousMv : null);
                weightColumns(d, marketValue, priced, pricedQc, out);
                rows.put(d, out);
                equityScale += pnlScale;
                Map<String, Double> scale = new LinkedHashMap<>();
                scale.put("pnl", pnlScale);
                scale.put("equity", equityScale);
                if (previousMv > 0) {
                    scale.put("return", pnlScale / previousMv);
                }
                scales.put(d, Collections.unmodifiableMap(scale));

                previousValues = values;
                previousMv = marketValue;
                held = endHeld;
                lastDay = d;
            }
        }

        private void weightColumns(LocalDate d, double marketValue, List<String> priced, List<double[]> qc,
                                   Map<String, Object> out) {
            Map<String, AccurateSum> bySector = new TreeMap<>();
            for (int i = 0; i < priced.size(); i++) {
                String sector = sectorName(sectors.getOrDefault(priced.get(i), "unknown"));
                sectorsSeen.add(sector);
                bySector.computeIfAbsent(sector, s -> new AccurateSum()).addProduct(qc.get(i)[0], qc.get(i)[1]);
            }
            List<String> metrics = metricColumns();
            if (marketValue == 0.0) {
                for (String m : metrics) {
                    out.put(m, null);
                }
                out.put("vol_" + volWindow, null);
                out.put("top5_weight", null);
                out.put("hhi", null);
                sectorRows.put(d, null);
                reorder(out);
                return;
            }
            int n = priced.size();
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = qc.get(i)[0] * qc.get(i)[1] / marketValue;
            }
            for (String m : metrics) {
                double[] values = new double[n];
                boolean allDefined = true;
                for (int i = 0; i < n; i++) {
                    Double v = market.rowAsOf(priced.get(i), d).get(m);
                    if (v == null) {
                        allDefined = false;
                        break;
                    }
                    values[i] = v;
                }
                out.put(m, allDefined ? SymbolMetricsReference.dot(w, values) : null);
            }
            out.put("vol_" + volWindow, volatility(d, priced, w));
            double[] abs = new double[n];
            for (int i = 0; i < n; i++) {
                abs[i] = Math.abs(w[i]);
            }
            java.util.Arrays.sort(abs);
            double top5 = 0.0;
            for (int i = n - 1; i >= Math.max(0, n - 5); i--) {
                top5 += abs[i];
            }
            out.put("top5_weight", top5);
            out.put("hhi", SymbolMetricsReference.dot(w, w));
            Map<String, Double> sectorWeights = new TreeMap<>();
            bySector.forEach((s, sum) -> sectorWeights.put(s, sum.value() / marketValue));
            sectorRows.put(d, sectorWeights);
            reorder(out);
        }

        /** Puts the columns in {@link #baseColumns()} order. */
        private void reorder(Map<String, Object> out) {
            Map<String, Object> copy = new LinkedHashMap<>(out);
            out.clear();
            for (String c : baseColumns()) {
                if (!copy.containsKey(c)) {
                    throw new IllegalStateException("no value for column " + c);
                }
                out.put(c, copy.get(c));
            }
        }

        /** sd of {@code sum w r(t)} over the last volWindow dates where every priced symbol has a return. */
        private Double volatility(LocalDate d, List<String> priced, double[] w) {
            if (priced.isEmpty()) {
                return null;
            }
            List<LocalDate> dates = new ArrayList<>();
            LocalDate earliest = lookbackStart(priced, d);
            for (LocalDate t : market.returns.get(priced.get(0)).headMap(d, true).descendingKeySet()) {
                if (t.isBefore(earliest)) {
                    break;
                }
                boolean all = true;
                for (String s : priced) {
                    all &= market.returns.get(s).containsKey(t);
                }
                if (all) {
                    dates.add(t);
                    if (dates.size() == volWindow) {
                        break;
                    }
                }
            }
            if (dates.size() < volWindow) {
                return null;
            }
            double[] series = new double[volWindow];
            double[] r = new double[priced.size()];
            for (int k = 0; k < volWindow; k++) {
                for (int i = 0; i < r.length; i++) {
                    r[i] = market.returns.get(priced.get(i)).get(dates.get(k));
                }
                series[k] = SymbolMetricsReference.dot(w, r);
            }
            return SymbolMetricsReference.volatility(series, ANNUALIZATION_DAYS);
        }

        /** Every pair of the symbols held at the end of the last day: "a b" -> correlation or null. */
        Map<String, Double> correlations() {
            Map<String, Double> out = new TreeMap<>();
            List<String> symbolsHeld = new ArrayList<>(held.keySet()); // sorted
            for (int a = 0; a < symbolsHeld.size(); a++) {
                for (int b = a + 1; b < symbolsHeld.size(); b++) {
                    out.put(symbolsHeld.get(a) + " " + symbolsHeld.get(b),
                            correlation(symbolsHeld.get(a), symbolsHeld.get(b), lastDay));
                }
            }
            return out;
        }

        /**
         * The earliest date the common-date search may reach: each symbol's returns on or before
         * d are looked at only as far back as its LOOKBACK-th most recent one.
         */
        private LocalDate lookbackStart(List<String> symbols, LocalDate d) {
            LocalDate earliest = LocalDate.MIN;
            for (String s : symbols) {
                int n = 0;
                LocalDate start = LocalDate.MIN;
                for (LocalDate t : market.returns.getOrDefault(s, new TreeMap<>()).headMap(d, true).descendingKeySet()) {
                    start = t;
                    if (++n == LOOKBACK) {
                        break;
                    }
                }
                earliest = start.isAfter(earliest) ? start : earliest;
            }
            return earliest;
        }

        private Double correlation(String a, String b, LocalDate d) {
            NavigableMap<LocalDate, Double> ra = market.returns.getOrDefault(a, new TreeMap<>());
            NavigableMap<LocalDate, Double> rb = market.returns.getOrDefault(b, new TreeMap<>());
            List<LocalDate> dates = new ArrayList<>();
            LocalDate earliest = lookbackStart(List.of(a, b), d);
            for (LocalDate t : ra.headMap(d, true).descendingKeySet()) {
                if (t.isBefore(earliest)) {
                    break;
                }
                if (rb.containsKey(t)) {
                    dates.add(t);
                    if (dates.size() == correlationWindow) {
                        break;
                    }
                }
            }
            if (dates.size() < correlationWindow) {
                return null;
            }
            double[] x = new double[correlationWindow];
            double[] y = new double[correlationWindow];
            for (int k = 0; k < correlationWindow; k++) {
                x[k] = ra.get(dates.get(k));
                y[k] = rb.get(dates.get(k));
            }
            if (SymbolMetricsReference.allIdentical(x) || SymbolMetricsReference.allIdentical(y)) {
                return null;
            }
            double[] xc = SymbolMetricsReference.deviations(x);
            double[] yc = SymbolMetricsReference.deviations(y);
            double sxx = SymbolMetricsReference.dot(xc, xc);
            double syy = SymbolMetricsReference.dot(yc, yc);
            if (sxx == 0 || syy == 0) { // only by underflow of tiny deviations
                return null;
            }
            return SymbolMetricsReference.dot(xc, yc) / (Math.sqrt(sxx) * Math.sqrt(syy));
        }
    }

    /**
     * A running sum of products {@code a * b} and of plain terms, as accurate as if computed in
     * twice the working precision (error-free products with {@link Math#fma}, compensated sums).
     */
    private static final class AccurateSum {
        private double s;
        private double c;

        void add(double x) {
            double t = s + x; // TwoSum
            double z = t - s;
            c += (s - (t - z)) + (x - z);
            s = t;
        }

        void addProduct(double a, double b) {
            double p = a * b;
            add(p);
            c += Math.fma(a, b, -p); // TwoProduct
        }

        double value() {
            return s + c;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Loading a folder of input files

    private static final List<String> ACTION_COLUMNS = List.of("symbol", "ex_date", "type", "value");
    private static final List<String> TRADE_COLUMNS = List.of("portfolio_id", "symbol", "trade_date", "quantity",
            "price");
    private static final List<String> REFERENCE_COLUMNS = List.of("symbol", "name", "sector", "industry", "cik");

    /** {@link #fromFolder(Path, Params, int, int)} with the default windows. */
    public static PortfolioReference fromFolder(Path dir, Params params) throws IOException {
        return fromFolder(dir, params, DEFAULT_VOL_WINDOW, DEFAULT_CORRELATION_WINDOW);
    }

    /**
     * Reads the input files of a folder the way the product's {@code local} command does, every
     * regular file (not recursive) in file-name order and line order:
     * <ul>
     * <li>{@code prices*.csv} and {@code corporate_actions*.csv}: the per-symbol rows come from
     *     {@link SymbolMetricsReference#fromFolder}; the corporate actions are read again with the
     *     same rules (header mapped by name, validated by {@link Parsers#corporateAction}, the
     *     first valid action of a (symbol, ex_date, type) wins).</li>
     * <li>{@code trades*.csv}: header mapped by name (case-insensitive, trimmed, BOM ignored, extra
     *     columns ignored), each line validated by {@link Parsers#trade}; no duplicate rule.</li>
     * <li>{@code reference*.csv}: the same with {@link Parsers#reference} ({@code industry} and
     *     {@code cik} may be absent from the header: empty fields); the latest valid line of a
     *     symbol wins.</li>
     * </ul>
     * A line whose field count differs from the header's, or that a parser rejects, is skipped;
     * skipped trade and reference lines are counted in {@link #skippedRecords()}. A CSV file
     * without a header or without a required column is an {@link IOException}.
     */
    public static PortfolioReference fromFolder(Path dir, Params params, int volWindow, int correlationWindow)
            throws IOException {
        PortfolioReference ref = new PortfolioReference(SymbolMetricsReference.fromFolder(dir, params), volWindow,
                correlationWindow);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
        Set<String> actionKeys = new HashSet<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (!name.endsWith(".csv")) {
                continue;
            }
            if (name.startsWith("corporate_actions")) {
                for (byte[] line : CanonicalCsv.lines(file, ACTION_COLUMNS, Set.of(),
                        false, () -> { })) {
                    CorporateAction a;
                    try {
                        a = Parsers.corporateAction(line);
                    } catch (InvalidRecordException e) {
                        continue; // counted by SymbolMetricsReference
                    }
                    if (actionKeys.add(a.getSymbol() + " " + a.getExDate() + " " + a.getType())) {
                        ref.actions.computeIfAbsent(a.getSymbol(), s -> new ArrayList<>())
                                .add(new Action(a.getExDate(), a.getType() == ActionType.SPLIT, a.getValue()));
                    }
                }
            } else if (name.startsWith("trades")) {
                for (byte[] line : CanonicalCsv.lines(file, TRADE_COLUMNS, Set.of(),
                        false, () -> ref.skippedRecords++)) {
                    Trade t;
                    try {
                        t = Parsers.trade(line);
                    } catch (InvalidRecordException e) {
                        ref.skippedRecords++;
                        continue;
                    }
                    ref.addTrade(t.getPortfolioId(), t.getSymbol(), t.getTradeDate(), t.getQuantity(), t.getPrice());
                }
            } else if (name.startsWith("reference")) {
                for (byte[] line : CanonicalCsv.lines(file, REFERENCE_COLUMNS, Set.of("industry", "cik"),
                        false, () -> ref.skippedRecords++)) {
                    ReferenceData r;
                    try {
                        r = Parsers.reference(line);
                    } catch (InvalidRecordException e) {
                        ref.skippedRecords++;
                        continue;
                    }
                    ref.addSector(r.getSymbol(), r.getSector());
                }
            }
        }
        ref.result = null;
        return ref;
    }


    // ------------------------------------------------------------------------------------------
    // Comparing the exported files

    /** Columns compared with the slack of a plain floating-point sum of their terms. */
    static final List<String> SUM_COLUMNS = List.of("pnl", "equity", "return");
    /**
     * Relative slack on the {@link #sumScales() scale} of pnl, equity and return: the rounding of
     * a plain floating-point sum of up to some ten thousand terms.
     */
    public static final double SUM_SLACK = 1e-12;

    /**
     * Asserts that {@code portfolio_daily.csv} has exactly the reference's (portfolio_id, date)
     * rows and that every column of {@link #dailyColumns()} agrees: all but pnl, equity and
     * return by {@link ResultCsv#assertMatches} ({@code |got - want| <= relTol * |want|}); those
     * three, whose terms cancel (the exact pnl of a day whose trades were at the close is 0),
     * within {@code relTol * |want| + SUM_SLACK * scale} with the scale of {@link #sumScales()}.
     *
     * @return the number of non-null values compared
     */
    public static int assertDailyMatches(Path csv, PortfolioReference ref, double relTol) {
        List<String> plain = new ArrayList<>(ref.dailyColumns());
        plain.removeAll(SUM_COLUMNS);
        int compared = ResultCsv.assertMatches(csv, DAILY_KEY, ref.daily(), plain, relTol); // also the row keys
        Map<String, Map<String, String>> actual = ResultCsv.read(csv, DAILY_KEY);
        List<String> problems = new ArrayList<>();
        int problemCount = 0;
        for (Map.Entry<String, SortedMap<LocalDate, Map<String, Object>>> p : ref.daily().entrySet()) {
            for (Map.Entry<LocalDate, Map<String, Object>> e : p.getValue().entrySet()) {
                String key = ResultCsv.key(p.getKey(), e.getKey());
                Map<String, String> got = actual.get(key);
                Map<String, Double> scale = ref.sumScales().get(p.getKey()).get(e.getKey());
                for (String c : SUM_COLUMNS) {
                    String cell = got.get(c);
                    if (cell == null) {
                        fail(csv + ": missing column " + c);
                    }
                    Double want = (Double) e.getValue().get(c);
                    String problem = null;
                    if (cell.isEmpty()) {
                        problem = want == null ? null : "null, expected a value";
                    } else if (want == null) {
                        problem = "a value, expected null";
                    } else {
                        compared++;
                        try {
                            double g = Double.parseDouble(cell);
                            double slack = relTol * Math.abs(want) + SUM_SLACK * scale.get(c) + ResultCsv.ABS_SLACK;
                            if (!(Math.abs(g - want) <= slack)) {
                                problem = "error " + Math.abs(g - want) + " > " + slack;
                            }
                        } catch (NumberFormatException ex) {
                            problem = "not a number";
                        }
                    }
                    if (problem != null) {
                        problemCount++;
                        if (problems.size() < ResultCsv.MAX_REPORTED) {
                            problems.add(key + " " + c + ": got '" + cell + "', want " + want + " (" + problem + ")");
                        }
                    }
                }
            }
        }
        if (problemCount > 0) {
            fail(csv + ": " + problemCount + " values differ (relative tolerance " + relTol + " plus " + SUM_SLACK
                    + " of the sum's scale; first " + problems.size() + "):\n  " + String.join("\n  ", problems));
        }
        return compared;
    }

    /**
     * Asserts that {@code portfolio_correlations.csv} ({@code portfolio_id,date,symbol_a,symbol_b,
     * correlation}, one row per portfolio and pair, on the latest date the pair was held) has, for
     * every portfolio of the reference, a row dated the portfolio's last date for exactly the
     * pairs of {@link #latestCorrelations()}, with a correlation within
     * {@code |got - want| <= relTol * |want|} (an empty cell is null). Rows dated before the
     * portfolio's last date (pairs no longer held) are not checked; rows of unknown portfolios,
     * dated after the last date, with {@code symbol_a >= symbol_b} or repeating a (portfolio, pair)
     * fail.
     *
     * @return the number of non-null correlations compared
     */
    public static int assertCorrelationsMatch(Path csv, PortfolioReference ref, double relTol) {
        Map<String, String[]> actual = new LinkedHashMap<>(); // "portfolio a b" -> {date, correlation}
        Map<String, Set<String>> actualPairsOnLastDate = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int problemCount = 0;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null) {
                fail(csv + " is empty (expected a header row)");
            }
            List<String> header = CsvLine.split(headerLine);
            if (header == null || !header.containsAll(CORRELATION_COLUMNS)) {
                fail(csv + ": header must have " + CORRELATION_COLUMNS + ": " + headerLine);
            }
            int[] idx = new int[CORRELATION_COLUMNS.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = header.indexOf(CORRELATION_COLUMNS.get(i));
            }
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                List<String> f = CsvLine.split(line);
                if (f == null || f.size() != header.size()) {
                    fail(csv + " line " + lineNo + ": expected " + header.size() + " fields: " + line);
                }
                String portfolio = f.get(idx[0]);
                String date = f.get(idx[1]);
                String a = f.get(idx[2]);
                String b = f.get(idx[3]);
                String key = portfolio + " " + a + " " + b;
                if (a.compareTo(b) >= 0) {
                    fail(csv + " line " + lineNo + ": symbol_a must sort before symbol_b: " + line);
                }
                if (actual.put(key, new String[] {date, f.get(idx[4])}) != null) {
                    fail(csv + " line " + lineNo + ": second row for " + key);
                }
                LocalDate last = ref.lastDate(portfolio);
                LocalDate rowDate;
                try {
                    rowDate = LocalDate.parse(date);
                } catch (DateTimeParseException e) {
                    rowDate = null;
                }
                if (last == null || rowDate == null || rowDate.isAfter(last)) {
                    problemCount++;
                    if (problems.size() < ResultCsv.MAX_REPORTED) {
                        problems.add(key + " " + date + ": unexpected row (portfolio's last date " + last + ")");
                    }
                } else if (rowDate.equals(last)) {
                    actualPairsOnLastDate.computeIfAbsent(portfolio, p -> new HashSet<>()).add(a + " " + b);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        int compared = 0;
        for (Map.Entry<String, Map<String, Double>> e : ref.latestCorrelations().entrySet()) {
            String portfolio = e.getKey();
            LocalDate last = ref.lastDate(portfolio);
            Set<String> extra = new TreeSet<>(actualPairsOnLastDate.getOrDefault(portfolio, Set.of()));
            extra.removeAll(e.getValue().keySet());
            for (String pair : extra) {
                problemCount++;
                if (problems.size() < ResultCsv.MAX_REPORTED) {
                    problems.add(portfolio + " " + pair + " " + last + ": pair not held at the end of the last date");
                }
            }
            for (Map.Entry<String, Double> p : e.getValue().entrySet()) {
                String key = portfolio + " " + p.getKey();
                String[] got = actual.get(key);
                Double want = p.getValue();
                String problem = null;
                if (got == null) {
                    problem = "missing row";
                } else if (!got[0].equals(last.toString())) {
                    problem = "dated " + got[0] + ", expected " + last;
                } else if (got[1].isEmpty()) {
                    problem = want == null ? null : "null, expected a value";
                } else if (want == null) {
                    problem = "a value, expected null";
                } else {
                    compared++;
                    try {
                        double g = Double.parseDouble(got[1]);
                        if (!(Math.abs(g - want) <= relTol * Math.abs(want) + ResultCsv.ABS_SLACK)) {
                            problem = "rel error " + Math.abs(g - want) / Math.abs(want);
                        }
                    } catch (NumberFormatException ex) {
                        problem = "not a number";
                    }
                }
                if (problem != null) {
                    problemCount++;
                    if (problems.size() < ResultCsv.MAX_REPORTED) {
                        problems.add(key + " " + last + ": got " + (got == null ? "nothing" : "'" + got[1] + "'")
                                + ", want " + want + " (" + problem + ")");
                    }
                }
            }
        }
        if (problemCount > 0) {
            fail(csv + ": " + problemCount + " correlation problems (relative tolerance " + relTol + "; first "
                    + problems.size() + "):\n  " + String.join("\n  ", problems));
        }
        return compared;
    }
}
