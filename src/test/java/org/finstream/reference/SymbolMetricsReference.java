package org.finstream.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.finstream.ingest.CsvLine;

/**
 * An independent, deliberately naive reference implementation of the per-symbol daily metrics
 * (METRICS.md section 3), used by integration tests to check the streaming job's exported
 * {@code symbol_daily.csv}. It shares no code with the product's analytics, jobs or records: every
 * window is collected again from the raw bars for every row and computed from scratch with
 * two-pass formulas, and the only product class used is the CSV line splitter.
 *
 * <h2>Definitions</h2>
 * For each symbol, its daily bars sorted by date (at most one per date):
 * <ul>
 * <li><b>return</b> on every bar but the symbol's first: {@code r_d = (c_d + D) * s / c_prev - 1},
 *     {@code c_prev} the close of the symbol's previous bar, whatever the gap. The corporate
 *     actions folded in are the symbol's actions with ex-date in {@code (prevDate, d]}, in ex-date
 *     order: starting from {@code s = 1, D = 0}, the actions of one ex-date are first combined
 *     (splits multiply into {@code s_e}, dividends add into {@code D_e}) and then folded in with
 *     {@code D = D / s_e + D_e; s = s * s_e}. Actions on or before the first bar, or after the last
 *     bar, are ignored. The first bar's return is null.</li>
 * <li><b>vol_N(d)</b>: the sample standard deviation (n-1) of the last N returns on dates
 *     {@code <= d}, times {@code sqrt(annualizationDays)}; null with fewer than N returns.</li>
 * <li><b>Reference series</b>: {@code r_X(e)} is symbol X's own return on date e (null when X has
 *     no bar on e, or on X's first bar); {@code mkt = r_benchmark}, {@code rates = r_ratesProxy},
 *     spread {@code name = r_long - r_short} (null unless both are defined).</li>
 * <li><b>beta_&lt;series&gt;(d)</b>: over the last {@code betaWindow} "common dates" {@code e <= d}
 *     on which both {@code r_i(e)} and the series are defined,
 *     {@code sum((x-mx)(y-my)) / sum((x-mx)^2)}; null with fewer common dates, or when every x in
 *     the window has the same value (zero variance). The row of d carries the beta as of d even
 *     when d itself is not a common date.</li>
 * <li><b>ridge</b> (alpha, r2, exp_&lt;factor&gt;): over the last {@code ridgeWindow} dates
 *     {@code e <= d} on which {@code r_i} and every factor series are defined: y = r_i, X the
 *     n x K factor values; de-mean to yc, Xc; {@code b = (Xc'Xc + lambda I)^-1 Xc'yc};
 *     {@code alpha = mean(y) - mean(X).b}; {@code r2 = 1 - SSE/SST} with
 *     {@code SSE = sum (yc - Xc b)^2}, {@code SST = sum yc^2}, r2 null when every y is the same.
 *     Factor {@code mkt} is the benchmark series, {@code rates} the rates-proxy series, any other
 *     name the spread of that name. All ridge columns are null with fewer rows (or, with
 *     {@code lambda = 0}, when the system is singular).</li>
 * <li><b>high_52w / low_52w(d)</b>: max high / min low over the last {@code extremesWindow} bars
 *     with date {@code <= d}; <b>avg_volume_V(d)</b>: mean volume over the last {@code volumeWindow}
 *     bars; null while fewer bars exist.</li>
 * </ul>
 *
 * <h2>Arithmetic</h2>
 * Means are compensated sums divided by n (the exact value when all inputs are identical), and
 * every sum of products is an Ogita-Rump-Oishi {@code Dot2} (error-free products with
 * {@link Math#fma} and compensated summation), i.e. as accurate as if computed in twice the
 * working precision. The ridge system is solved by LU decomposition with one step of iterative
 * refinement. This keeps the reference's own error far below the 1e-9 relative tolerance of the
 * comparison.
 */
public final class SymbolMetricsReference {

    /**
     * Parameters of the metrics; {@link #defaults()} mirrors the product's default configuration.
     *
     * @param benchmark         symbol of the market series {@code mkt} (beta_mkt, factor mkt)
     * @param ratesProxy        symbol of the {@code rates} series (beta_rates, factor rates)
     * @param spreads           spread name to {@code {long, short}} symbols; insertion order is the
     *                          order of the {@code beta_<name>} columns
     * @param factors           ridge factors in column order: {@code mkt}, {@code rates} or a spread name
     * @param volatilityWindows the N of each {@code vol_N} column, in column order
     * @param annualizationDays vol is multiplied by {@code sqrt(annualizationDays)}
     * @param betaWindow        common dates per univariate beta
     * @param ridgeWindow       rows per ridge regression
     * @param ridgeLambda       ridge penalty (>= 0)
     * @param extremesWindow    bars per high_52w / low_52w
     * @param volumeWindow      bars per avg_volume_V
     */
    public record Params(String benchmark, String ratesProxy, LinkedHashMap<String, String[]> spreads,
                         List<String> factors, int[] volatilityWindows, int annualizationDays, int betaWindow,
                         int ridgeWindow, double ridgeLambda, int extremesWindow, int volumeWindow) {

        /** Validates and takes defensive copies. */
        public Params {
            Objects.requireNonNull(benchmark, "benchmark");
            Objects.requireNonNull(ratesProxy, "ratesProxy");
            LinkedHashMap<String, String[]> copy = new LinkedHashMap<>();
            for (Map.Entry<String, String[]> e : spreads.entrySet()) {
                String[] legs = e.getValue();
                if (legs == null || legs.length != 2 || legs[0] == null || legs[1] == null) {
                    throw new IllegalArgumentException("spread " + e.getKey() + " needs {long, short}");
                }
                copy.put(e.getKey(), legs.clone());
            }
            spreads = copy;
            factors = List.copyOf(factors);
            if (factors.isEmpty()) {
                throw new IllegalArgumentException("the ridge needs at least one factor");
            }
            for (String f : factors) {
                if (!f.equals("mkt") && !f.equals("rates") && !spreads.containsKey(f)) {
                    throw new IllegalArgumentException("unknown factor " + f + " (mkt, rates or a spread name)");
                }
            }
            volatilityWindows = volatilityWindows.clone();
            for (int n : volatilityWindows) {
                requireAtLeast("volatility window", n, 2);
            }
            requireAtLeast("annualizationDays", annualizationDays, 1);
            requireAtLeast("betaWindow", betaWindow, 2);
            requireAtLeast("ridgeWindow", ridgeWindow, 2);
            requireAtLeast("extremesWindow", extremesWindow, 1);
            requireAtLeast("volumeWindow", volumeWindow, 1);
            if (!(ridgeLambda >= 0) || Double.isInfinite(ridgeLambda)) {
                throw new IllegalArgumentException("ridgeLambda must be finite and >= 0: " + ridgeLambda);
            }
        }

        private static void requireAtLeast(String what, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(what + " must be >= " + min + ": " + value);
            }
        }

        /**
         * SPY benchmark, TLT rates proxy, spreads size=IWM-SPY, value=IWD-IWF, momentum=MTUM-SPY,
         * quality=QUAL-SPY, low_vol=USMV-SPY, factors mkt + the five spreads, vol windows
         * 21/63/252, 252 annualization days, beta and ridge windows 90, lambda 1e-4, 252-bar
         * extremes, 30-bar average volume.
         */
        public static Params defaults() {
            LinkedHashMap<String, String[]> spreads = new LinkedHashMap<>();
            spreads.put("size", new String[] {"IWM", "SPY"});
            spreads.put("value", new String[] {"IWD", "IWF"});
            spreads.put("momentum", new String[] {"MTUM", "SPY"});
            spreads.put("quality", new String[] {"QUAL", "SPY"});
            spreads.put("low_vol", new String[] {"USMV", "SPY"});
            return new Params("SPY", "TLT", spreads,
                    List.of("mkt", "size", "value", "momentum", "quality", "low_vol"),
                    new int[] {21, 63, 252}, 252, 90, 90, 1e-4, 252, 30);
        }

        public Params withBenchmark(String s) {
            return new Params(s, ratesProxy, spreads, factors, volatilityWindows, annualizationDays, betaWindow,
                    ridgeWindow, ridgeLambda, extremesWindow, volumeWindow);
        }

        public Params withRatesProxy(String s) {
            return new Params(benchmark, s, spreads, factors, volatilityWindows, annualizationDays, betaWindow,
                    ridgeWindow, ridgeLambda, extremesWindow, volumeWindow);
        }

        /** Same parameters with other spreads and ridge factors. */
        public Params withSpreads(LinkedHashMap<String, String[]> newSpreads, List<String> newFactors) {
            return new Params(benchmark, ratesProxy, newSpreads, newFactors, volatilityWindows, annualizationDays,
                    betaWindow, ridgeWindow, ridgeLambda, extremesWindow, volumeWindow);
        }

        /** Same parameters with other window lengths. */
        public Params withWindows(int[] vol, int beta, int ridge, int extremes, int volume) {
            return new Params(benchmark, ratesProxy, spreads, factors, vol, annualizationDays, beta, ridge,
                    ridgeLambda, extremes, volume);
        }

        public Params withRidgeLambda(double lambda) {
            return new Params(benchmark, ratesProxy, spreads, factors, volatilityWindows, annualizationDays,
                    betaWindow, ridgeWindow, lambda, extremesWindow, volumeWindow);
        }

        @Override
        public int[] volatilityWindows() {
            return volatilityWindows.clone();
        }

        @Override
        public LinkedHashMap<String, String[]> spreads() {
            LinkedHashMap<String, String[]> copy = new LinkedHashMap<>();
            spreads.forEach((k, v) -> copy.put(k, v.clone()));
            return copy;
        }

        /**
         * The metric columns in export order: {@code vol_<N>} per window, {@code beta_mkt_<W>},
         * {@code beta_rates_<W>}, {@code high_52w}, {@code low_52w}, {@code avg_volume_<V>},
         * {@code beta_<spread>} per spread, {@code alpha}, {@code r2}, {@code exp_<factor>} per factor.
         */
        public List<String> columns() {
            List<String> c = new ArrayList<>();
            for (int n : volatilityWindows) {
                c.add("vol_" + n);
            }
            c.add(betaMktColumn());
            c.add(betaRatesColumn());
            c.add("high_52w");
            c.add("low_52w");
            c.add("avg_volume_" + volumeWindow);
            for (String name : spreads.keySet()) {
                c.add("beta_" + name);
            }
            c.add("alpha");
            c.add("r2");
            for (String f : factors) {
                c.add("exp_" + f);
            }
            return List.copyOf(c);
        }

        String betaMktColumn() {
            return "beta_mkt_" + betaWindow;
        }

        String betaRatesColumn() {
            return "beta_rates_" + betaWindow;
        }
    }

    /** One daily bar (open is validated on load but not used by any metric). */
    private record Bar(double high, double low, double close, double volume) {}

    /** One corporate action. */
    private record Action(LocalDate exDate, boolean split, double value) {}

    private final Params params;
    private final Map<String, TreeMap<LocalDate, Bar>> bars = new TreeMap<>();
    private final Map<String, List<Action>> actions = new HashMap<>();
    private int skippedRows;

    public SymbolMetricsReference(Params p) {
        this.params = Objects.requireNonNull(p, "params");
    }

    public Params params() {
        return params;
    }

    /** Adds one daily bar; a second bar for the same symbol and date is an error. */
    public void addBar(String symbol, LocalDate date, double high, double low, double close, double volume) {
        Bar previous = bars.computeIfAbsent(symbol, s -> new TreeMap<>())
                .putIfAbsent(date, new Bar(high, low, close, volume));
        if (previous != null) {
            throw new IllegalArgumentException("second bar for " + symbol + " on " + date);
        }
    }

    /** Adds a corporate action: {@code type} "split" (new shares per old) or "dividend" (cash per share). */
    public void addAction(String symbol, LocalDate exDate, String type, double value) {
        boolean split = switch (type.toLowerCase(Locale.ROOT)) {
            case "split" -> true;
            case "dividend" -> false;
            default -> throw new IllegalArgumentException("type must be split or dividend: " + type);
        };
        actions.computeIfAbsent(symbol, s -> new ArrayList<>()).add(new Action(exDate, split, value));
    }

    /** Rows that {@link #fromFolder} skipped as invalid or conflicting duplicates. */
    public int skippedRows() {
        return skippedRows;
    }

    // ------------------------------------------------------------------------------------------
    // Metrics

    /**
     * Computes every row: symbol -> date -> column -> value (null = empty). The columns of each
     * row are "close", "return", then {@link Params#columns()}, in that order.
     */
    public Map<String, SortedMap<LocalDate, Map<String, Double>>> compute() {
        Map<String, NavigableMap<LocalDate, Double>> returns = new HashMap<>();
        for (String symbol : bars.keySet()) {
            returns.put(symbol, returnsOf(symbol));
        }
        Map<LocalDate, Double> mkt = ownReturns(returns, params.benchmark());
        Map<LocalDate, Double> rates = ownReturns(returns, params.ratesProxy());
        Map<String, Map<LocalDate, Double>> spreadSeries = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> s : params.spreads.entrySet()) {
            spreadSeries.put(s.getKey(), spread(ownReturns(returns, s.getValue()[0]),
                    ownReturns(returns, s.getValue()[1])));
        }
        // univariate beta columns in column order
        Map<String, Map<LocalDate, Double>> betaSeries = new LinkedHashMap<>();
        betaSeries.put(params.betaMktColumn(), mkt);
        betaSeries.put(params.betaRatesColumn(), rates);
        spreadSeries.forEach((name, series) -> betaSeries.put("beta_" + name, series));
        List<Map<LocalDate, Double>> factorSeries = new ArrayList<>();
        for (String f : params.factors()) {
            factorSeries.add(f.equals("mkt") ? mkt : f.equals("rates") ? rates : spreadSeries.get(f));
        }

        // symbols are independent (the shared series are only read), so they are computed in parallel
        return new TreeMap<>(bars.keySet().parallelStream()
                .collect(Collectors.toConcurrentMap(symbol -> symbol,
                        symbol -> symbolRows(bars.get(symbol), returns.get(symbol), betaSeries, factorSeries))));
    }

    private static Map<LocalDate, Double> ownReturns(Map<String, NavigableMap<LocalDate, Double>> returns,
                                                     String symbol) {
        Map<LocalDate, Double> r = returns.get(symbol);
        return r == null ? Map.of() : r;
    }

    /** {@code long(e) - short(e)} on the dates where both are defined. */
    private static Map<LocalDate, Double> spread(Map<LocalDate, Double> longLeg, Map<LocalDate, Double> shortLeg) {
        Map<LocalDate, Double> s = new HashMap<>();
        for (Map.Entry<LocalDate, Double> e : longLeg.entrySet()) {
            Double other = shortLeg.get(e.getKey());
            if (other != null) {
                s.put(e.getKey(), e.getValue() - other);
            }
        }
        return s;
    }

    /**
     * The symbol's total returns by date (the first bar has none, so it is absent). Actions with
     * ex-date in (prevDate, d] are folded into the return of d as described in the class javadoc.
     */
    private NavigableMap<LocalDate, Double> returnsOf(String symbol) {
        // per ex-date: {s_e, D_e}
        TreeMap<LocalDate, double[]> byExDate = new TreeMap<>();
        for (Action a : actions.getOrDefault(symbol, List.of())) {
            double[] sd = byExDate.computeIfAbsent(a.exDate(), d -> new double[] {1.0, 0.0});
            if (a.split()) {
                sd[0] *= a.value();
            } else {
                sd[1] += a.value();
            }
        }
        TreeMap<LocalDate, Double> r = new TreeMap<>();
        LocalDate prevDate = null;
        double prevClose = Double.NaN;
        for (Map.Entry<LocalDate, Bar> e : bars.get(symbol).entrySet()) {
            LocalDate d = e.getKey();
            double close = e.getValue().close();
            if (prevDate != null) {
                double s = 1.0;
                double dividend = 0.0;
                for (double[] sd : byExDate.subMap(prevDate, false, d, true).values()) {
                    dividend = dividend / sd[0] + sd[1];
                    s = s * sd[0];
                }
                r.put(d, (close + dividend) * s / prevClose - 1.0);
            }
            prevDate = d;
            prevClose = close;
        }
        return r;
    }

    private SortedMap<LocalDate, Map<String, Double>> symbolRows(TreeMap<LocalDate, Bar> symbolBars,
                                                                 Map<LocalDate, Double> ownReturns,
                                                                 Map<String, Map<LocalDate, Double>> betaSeries,
                                                                 List<Map<LocalDate, Double>> factorSeries) {
        List<LocalDate> dates = new ArrayList<>(symbolBars.keySet());
        List<Bar> barList = new ArrayList<>(symbolBars.values());
        int n = dates.size();
        double[] high = new double[n];
        double[] low = new double[n];
        double[] volume = new double[n];
        boolean[] everyBar = new boolean[n];
        for (int j = 0; j < n; j++) {
            high[j] = barList.get(j).high();
            low[j] = barList.get(j).low();
            volume[j] = barList.get(j).volume();
            everyBar[j] = true;
        }
        // every series is looked up once, aligned with the symbol's bars (NaN = undefined on that date)
        double[] r = aligned(ownReturns, dates);
        boolean[] hasReturn = defined(r);
        List<String> betaColumns = new ArrayList<>(betaSeries.keySet());
        List<double[]> betaX = new ArrayList<>();
        List<boolean[]> betaCommon = new ArrayList<>(); // r_i and the series both defined
        for (Map<LocalDate, Double> series : betaSeries.values()) {
            double[] x = aligned(series, dates);
            boolean[] common = defined(x);
            for (int j = 0; j < n; j++) {
                common[j] &= hasReturn[j];
            }
            betaX.add(x);
            betaCommon.add(common);
        }
        int factorCount = factorSeries.size();
        double[][] factors = new double[factorCount][];
        boolean[] ridgeRow = hasReturn.clone(); // r_i and every factor defined
        for (int f = 0; f < factorCount; f++) {
            factors[f] = aligned(factorSeries.get(f), dates);
            boolean[] def = defined(factors[f]);
            for (int j = 0; j < n; j++) {
                ridgeRow[j] &= def[j];
            }
        }

        List<String> columns = params.columns();
        SortedMap<LocalDate, Map<String, Double>> rows = new TreeMap<>();
        for (int k = 0; k < n; k++) {
            Map<String, Double> values = new HashMap<>();

            for (int window : params.volatilityWindows) {
                int[] idx = lastMatching(k, window, hasReturn);
                values.put("vol_" + window, idx == null ? null
                        : volatility(gather(idx, r), params.annualizationDays()));
            }

            for (int b = 0; b < betaColumns.size(); b++) {
                int[] idx = lastMatching(k, params.betaWindow(), betaCommon.get(b));
                values.put(betaColumns.get(b), idx == null ? null : beta(gather(idx, betaX.get(b)), gather(idx, r)));
            }

            int[] barIdx = lastMatching(k, params.extremesWindow(), everyBar);
            values.put("high_52w", barIdx == null ? null : max(gather(barIdx, high)));
            values.put("low_52w", barIdx == null ? null : min(gather(barIdx, low)));
            int[] volIdx = lastMatching(k, params.volumeWindow(), everyBar);
            values.put("avg_volume_" + params.volumeWindow(), volIdx == null ? null : mean(gather(volIdx, volume)));

            int[] ridgeIdx = lastMatching(k, params.ridgeWindow(), ridgeRow);
            Ridge ridge = null;
            if (ridgeIdx != null) {
                double[][] x = new double[factorCount][];
                for (int f = 0; f < factorCount; f++) {
                    x[f] = gather(ridgeIdx, factors[f]);
                }
                ridge = ridge(x, gather(ridgeIdx, r), params.ridgeLambda());
            }
            values.put("alpha", ridge == null ? null : ridge.alpha());
            values.put("r2", ridge == null ? null : ridge.r2());
            for (int f = 0; f < factorCount; f++) {
                values.put("exp_" + params.factors().get(f), ridge == null ? null : ridge.b()[f]);
            }

            Map<String, Double> row = new LinkedHashMap<>();
            row.put("close", barList.get(k).close());
            row.put("return", hasReturn[k] ? r[k] : null);
            for (String c : columns) {
                if (!values.containsKey(c)) {
                    throw new IllegalStateException("no value computed for column " + c);
                }
                row.put(c, values.get(c));
            }
            rows.put(dates.get(k), Collections.unmodifiableMap(row));
        }
        return rows;
    }

    /** The series' value on each of the dates (NaN where undefined). */
    private static double[] aligned(Map<LocalDate, Double> series, List<LocalDate> dates) {
        double[] v = new double[dates.size()];
        for (int j = 0; j < v.length; j++) {
            Double x = series.get(dates.get(j));
            v[j] = x == null ? Double.NaN : x;
        }
        return v;
    }

    private static boolean[] defined(double[] v) {
        boolean[] d = new boolean[v.length];
        for (int j = 0; j < v.length; j++) {
            d[j] = !Double.isNaN(v[j]);
        }
        return d;
    }

    /**
     * The indices {@code j <= k} of the last {@code count} bars with {@code usable[j]}, in
     * chronological order, or null when fewer than {@code count} exist.
     */
    private static int[] lastMatching(int k, int count, boolean[] usable) {
        int[] idx = new int[count];
        int found = 0;
        for (int j = k; j >= 0 && found < count; j--) {
            if (usable[j]) {
                idx[count - 1 - found] = j;
                found++;
            }
        }
        return found == count ? idx : null;
    }

    private static double[] gather(int[] idx, double[] values) {
        double[] v = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            v[i] = values[idx[i]];
        }
        return v;
    }

    /** Sample standard deviation (n-1, two-pass) times sqrt(annualizationDays). */
    static double volatility(double[] r, int annualizationDays) {
        double[] dev = deviations(r);
        return Math.sqrt(dot(dev, dev) / (r.length - 1)) * Math.sqrt(annualizationDays);
    }

    /** {@code sum((x-mx)(y-my)) / sum((x-mx)^2)}; null when all x are identical (zero variance). */
    static Double beta(double[] x, double[] y) {
        if (allIdentical(x)) {
            return null;
        }
        double[] xc = deviations(x);
        double sxx = dot(xc, xc);
        if (sxx == 0) { // only by underflow of tiny deviations
            return null;
        }
        return dot(xc, deviations(y)) / sxx;
    }

    /** Result of one ridge regression: coefficients, intercept and r2 (null when y is constant). */
    record Ridge(double[] b, double alpha, Double r2) {}

    /**
     * Ridge regression of y on the factor columns {@code x[f][i]} (K columns of n values) with
     * de-meaned data: {@code b = (Xc'Xc + lambda I)^-1 Xc'yc}, {@code alpha = mean(y) - mean(X).b},
     * {@code r2 = 1 - SSE/SST}. Null when the system is singular (only possible with lambda 0).
     */
    static Ridge ridge(double[][] x, double[] y, double lambda) {
        int n = y.length;
        int kk = x.length;
        double[][] xcCols = new double[kk][];
        double[] meanX = new double[kk];
        for (int f = 0; f < kk; f++) {
            meanX[f] = mean(x[f]);
            xcCols[f] = deviations(x[f]);
        }
        double meanY = mean(y);
        double[] yc = deviations(y);

        double[][] m = new double[kk][kk];
        double[] v = new double[kk];
        for (int a = 0; a < kk; a++) {
            for (int c = 0; c <= a; c++) { // symmetric: the upper triangle mirrors the lower one
                m[a][c] = dot(xcCols[a], xcCols[c]) + (a == c ? lambda : 0.0);
                m[c][a] = m[a][c];
            }
            v[a] = dot(xcCols[a], yc);
        }
        double[] b;
        try {
            DecompositionSolver solver = new LUDecomposition(new Array2DRowRealMatrix(m, false)).getSolver();
            b = solver.solve(new ArrayRealVector(v, false)).toArray();
            // one step of iterative refinement: residual v - M b in extended precision
            double[] residual = new double[kk];
            for (int a = 0; a < kk; a++) {
                residual[a] = dotMinus(v[a], m[a], b);
            }
            RealVector correction = solver.solve(new ArrayRealVector(residual, false));
            for (int a = 0; a < kk; a++) {
                b[a] += correction.getEntry(a);
            }
        } catch (SingularMatrixException e) {
            return null;
        }

        double alpha = dotMinus(meanY, meanX, b);
        double[] resid = new double[n];
        double[] row = new double[kk];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < kk; f++) {
                row[f] = xcCols[f][i];
            }
            resid[i] = dotMinus(yc[i], row, b);
        }
        Double r2 = allIdentical(y) ? null : 1.0 - dot(resid, resid) / dot(yc, yc);
        return new Ridge(b, alpha, r2);
    }

    static double max(double[] v) {
        double m = v[0];
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }

    static double min(double[] v) {
        double m = v[0];
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }

    // ------------------------------------------------------------------------------------------
    // Accurate elementary sums

    static boolean allIdentical(double[] v) {
        for (double d : v) {
            if (Double.compare(d, v[0]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Arithmetic mean: compensated sum / n; exactly the common value when all are identical. */
    static double mean(double[] v) {
        if (allIdentical(v)) {
            return v[0];
        }
        double s = 0;
        double c = 0;
        for (double d : v) { // Neumaier summation
            double t = s + d;
            c += Math.abs(s) >= Math.abs(d) ? (s - t) + d : (d - t) + s;
            s = t;
        }
        return (s + c) / v.length;
    }

    /** {@code v - mean(v)}, element by element. */
    static double[] deviations(double[] v) {
        double m = mean(v);
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i] - m;
        }
        return d;
    }

    /** {@code sum a_i b_i} as accurate as in twice the working precision (Ogita-Rump-Oishi Dot2). */
    static double dot(double[] a, double[] b) {
        return dot2(0.0, a, b, 1.0);
    }

    /** {@code start - sum a_i b_i}, accurately. */
    static double dotMinus(double start, double[] a, double[] b) {
        return dot2(start, a, b, -1.0);
    }

    private static double dot2(double start, double[] a, double[] b, double sign) {
        double s = start;
        double c = 0.0;
        for (int i = 0; i < a.length; i++) {
            double p = sign * a[i] * b[i]; // sign is +-1: exact
            double pErr = Math.fma(sign * a[i], b[i], -p); // TwoProduct
            double t = s + p; // TwoSum
            double z = t - s;
            double sErr = (s - (t - z)) + (p - z);
            s = t;
            c += sErr + pErr;
        }
        return s + c;
    }

    // ------------------------------------------------------------------------------------------
    // Loading a folder of input files

    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9.\\-^]{1,15}");
    /** Plain decimals as the product accepts them (no hex, no suffixes, no NaN/Infinity). */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final List<String> PRICE_COLUMNS = List.of("symbol", "date", "open", "high", "low", "close",
            "volume");
    private static final List<String> ACTION_COLUMNS = List.of("symbol", "ex_date", "type", "value");

    /** A row that the product would dead-letter. */
    private static final class InvalidRow extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidRow(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Loads a folder the way the product's {@code local} command reads it: every regular file
     * (not recursive) named {@code prices*.csv} and {@code corporate_actions*.csv}, in file-name
     * order. The first line is a header (a UTF-8 BOM is ignored); columns are mapped by name,
     * ignoring case and surrounding blanks; extra columns are ignored. Blank lines are ignored.
     * Fields are trimmed; an empty field or the literal {@code null} is a missing field.
     *
     * <p>Skipped and counted in {@link #skippedRows()} (what the product dead-letters): a line that
     * is not valid CSV or whose field count differs from the header's, a missing field, a number
     * that is not a plain finite decimal, a date that is not ISO, a symbol not matching
     * {@code [A-Z0-9.\-^]{1,15}}, a price {@code <= 0}, {@code high < low}, close outside [low, high], negative
     * volume, a {@code ts} that is not an ISO instant; for actions a type other than
     * split/dividend (any case), a split ratio {@code <= 0} or a negative dividend; and a conflicting
     * duplicate: a valid row with the key of an earlier accepted one (bars: symbol+date; actions:
     * symbol+ex_date+type) and any different value. Exact duplicates are dropped silently, and
     * valid intraday bars (non-empty {@code ts}) are ignored without being counted.
     */
    public static SymbolMetricsReference fromFolder(Path dir, Params p) throws IOException {
        SymbolMetricsReference ref = new SymbolMetricsReference(p);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        }
        Map<String, double[]> acceptedBars = new HashMap<>(); // symbol date -> open, high, low, close, volume
        Map<String, Double> acceptedActions = new HashMap<>(); // symbol ex_date type -> value
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.startsWith("prices") && name.endsWith(".csv")) {
                ref.readCsv(f, PRICE_COLUMNS, List.of("ts"), row -> ref.acceptBar(row, acceptedBars));
            } else if (name.startsWith("corporate_actions") && name.endsWith(".csv")) {
                ref.readCsv(f, ACTION_COLUMNS, List.of(), row -> ref.acceptAction(row, acceptedActions));
            }
        }
        return ref;
    }

    /** Field access by column name for one CSV row. */
    private interface Row {
        /** The trimmed field, or null when the column is absent, the field empty or "null". */
        String get(String column);
    }

    private interface RowHandler {
        void accept(Row row) throws InvalidRow;
    }

    private void readCsv(Path file, List<String> required, List<String> optional, RowHandler handler)
            throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IOException(file + " is empty (expected a header row)");
            }
            if (header.startsWith("\uFEFF")) {
                header = header.substring(1);
            }
            List<String> names = CsvLine.split(header);
            if (names == null) {
                throw new IOException(file + ": unterminated quote in the header");
            }
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                index.putIfAbsent(names.get(i).strip().toLowerCase(Locale.ROOT), i);
            }
            for (String c : required) {
                if (!index.containsKey(c)) {
                    throw new IOException(file + ": header has no '" + c + "' column");
                }
            }
            Map<String, Integer> columns = new HashMap<>();
            for (String c : required) {
                columns.put(c, index.get(c));
            }
            for (String c : optional) {
                if (index.containsKey(c)) {
                    columns.put(c, index.get(c));
                }
            }
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = CsvLine.split(line);
                try {
                    if (fields == null || fields.size() != names.size()) {
                        throw new InvalidRow("not a CSV line with " + names.size() + " fields");
                    }
                    handler.accept(column -> {
                        Integer i = columns.get(column);
                        if (i == null) {
                            return null;
                        }
                        String v = fields.get(i).trim();
                        return v.isEmpty() || v.equals("null") ? null : v;
                    });
                } catch (InvalidRow e) {
                    skippedRows++;
                }
            }
        }
    }

    private void acceptBar(Row row, Map<String, double[]> accepted) throws InvalidRow {
        String symbol = symbol(row);
        LocalDate date = date(row, "date");
        String ts = row.get("ts");
        if (ts != null) {
            try {
                Instant.parse(ts);
            } catch (DateTimeParseException e) {
                throw new InvalidRow("bad ts");
            }
        }
        double open = number(row, "open");
        double high = number(row, "high");
        double low = number(row, "low");
        double close = number(row, "close");
        double volume = number(row, "volume");
        if (open <= 0 || high <= 0 || low <= 0 || close <= 0) {
            throw new InvalidRow("non-positive price");
        }
        if (high < low) {
            throw new InvalidRow("high below low");
        }
        if (close < low || close > high) {
            throw new InvalidRow("close outside range");
        }
        if (volume < 0) {
            throw new InvalidRow("negative volume");
        }
        if (ts != null) {
            return; // a valid intraday bar: not part of the daily metrics
        }
        double[] values = {open, high, low, close, volume};
        double[] first = accepted.putIfAbsent(symbol + " " + date, values);
        if (first == null) {
            addBar(symbol, date, high, low, close, volume);
        } else if (!sameBits(first, values)) {
            throw new InvalidRow("conflicting duplicate");
        }
    }

    private void acceptAction(Row row, Map<String, Double> accepted) throws InvalidRow {
        String symbol = symbol(row);
        LocalDate exDate = date(row, "ex_date");
        String type = required(row, "type").toLowerCase(Locale.ROOT);
        if (!type.equals("split") && !type.equals("dividend")) {
            throw new InvalidRow("unknown action type");
        }
        double value = number(row, "value");
        if (type.equals("split") && value <= 0) {
            throw new InvalidRow("split ratio <= 0");
        }
        if (type.equals("dividend") && value < 0) {
            throw new InvalidRow("negative dividend");
        }
        Double first = accepted.putIfAbsent(symbol + " " + exDate + " " + type, value);
        if (first == null) {
            addAction(symbol, exDate, type, value);
        } else if (Double.doubleToLongBits(first) != Double.doubleToLongBits(value)) {
            throw new InvalidRow("conflicting duplicate");
        }
    }

    private static boolean sameBits(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static String required(Row row, String column) throws InvalidRow {
        String v = row.get(column);
        if (v == null) {
            throw new InvalidRow("missing " + column);
        }
        return v;
    }

    private static String symbol(Row row) throws InvalidRow {
        String v = required(row, "symbol");
        if (!SYMBOL.matcher(v).matches()) {
            throw new InvalidRow("bad symbol");
        }
        return v;
    }

    private static LocalDate date(Row row, String column) throws InvalidRow {
        try {
            return LocalDate.parse(required(row, column));
        } catch (DateTimeParseException e) {
            throw new InvalidRow("bad date");
        }
    }

    private static double number(Row row, String column) throws InvalidRow {
        String v = required(row, column);
        if (!DECIMAL.matcher(v).matches()) {
            throw new InvalidRow("bad number");
        }
        double d = Double.parseDouble(v);
        if (!Double.isFinite(d)) {
            throw new InvalidRow("not finite");
        }
        return d;
    }
}
