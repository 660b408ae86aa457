package org.finstream.analytics;

/**
 * Everything one symbol needs to turn its next trading day into the metrics of METRICS.md
 * section 3, updated incrementally: the previous close, returns over the volatility windows,
 * highs and lows over the extremes window, volumes over the volume window, one (benchmark
 * series, symbol) co-moment window per beta series and the ridge window. Memory is bounded by
 * the windows; {@link #addDay} costs O(windows + series + K^2) plus one K x K solve.
 *
 * <p>"Common dates": a beta series' window only takes the days on which both the symbol's
 * return and that series are known; the ridge window only the days on which the return and
 * every factor are known. Every day's values are "as of" that day: a day on which a series is
 * missing still reports the series' beta over its last common dates.
 *
 * <p>A Flink POJO: the getters and setters exist for the serializer.
 */
public class SymbolMetrics {
    /** The day's return and metric values (in {@link MetricsSpec#columns()} order, null when not available). */
    public record Day(Double ret, Double[] values) {}

    /** {@link MetricsSpec#columns()} this state was built for. */
    private String shape;
    private long lastDay;
    private double lastClose;
    private boolean started;
    private RollingMoments returns;
    private RollingExtremes highs;
    private RollingExtremes lows;
    private RollingMoments volumes;
    private RollingCoMoments[] betas;
    private RollingRidge ridge;

    public SymbolMetrics() {}

    public SymbolMetrics(MetricsSpec spec) {
        this.shape = shapeOf(spec);
        this.returns = new RollingMoments(spec.volatilityWindows());
        this.highs = new RollingExtremes(spec.extremesWindow());
        this.lows = new RollingExtremes(spec.extremesWindow());
        this.volumes = new RollingMoments(spec.volumeWindow());
        this.betas = new RollingCoMoments[spec.betaSeries().size()];
        for (int i = 0; i < betas.length; i++) {
            betas[i] = new RollingCoMoments(spec.betaWindow());
        }
        this.ridge = new RollingRidge(spec.ridgeWindow(), spec.factorNames().size());
    }

    /** Whether this state was built for {@code spec}'s windows and series. */
    public boolean fits(MetricsSpec spec) {
        return shapeOf(spec).equals(shape);
    }

    /**
     * Closes the symbol's next trading day (days must come in increasing order).
     *
     * @param day        the trading day (epoch day)
     * @param splitRatio combined split ratio of the corporate actions since the previous trading day
     * @param dividend   combined dividend (per share after the splits) since the previous trading day
     * @param series     the beta series' returns on this date in {@link MetricsSpec#betaSeries()}
     *                   order, NaN where unknown (the series' symbol did not trade or has no return)
     */
    public Day addDay(MetricsSpec spec, long day, double high, double low, double close, double volume,
                      double splitRatio, double dividend, double[] series) {
        if (started && day <= lastDay) {
            throw new IllegalArgumentException("day " + day + " is not after the previous trading day " + lastDay);
        }
        Double ret = started ? TotalReturn.of(lastClose, close, splitRatio, dividend) : null;
        started = true;
        lastDay = day;
        lastClose = close;

        highs.add(high);
        lows.add(low);
        volumes.add(volume);
        if (ret != null) {
            returns.add(ret);
            for (int i = 0; i < betas.length; i++) {
                if (!Double.isNaN(series[i])) {
                    betas[i].add(series[i], ret);
                }
            }
            int[] factorSeries = spec.factorSeries();
            double[] factors = new double[factorSeries.length];
            boolean allKnown = true;
            for (int f = 0; f < factors.length; f++) {
                factors[f] = series[factorSeries[f]];
                allKnown &= !Double.isNaN(factors[f]);
            }
            if (allKnown) {
                ridge.add(ret, factors);
            }
        }
        return new Day(ret, values(spec));
    }

    private Double[] values(MetricsSpec spec) {
        int[] volWindows = spec.volatilityWindows();
        int spreads = spec.spreadNames().size();
        int factors = spec.factorNames().size();
        Double[] v = new Double[volWindows.length + 5 + spreads + 2 + factors];
        int c = 0;
        double annualization = Math.sqrt(spec.annualizationDays());
        for (int w : volWindows) {
            v[c++] = returns.full(w) ? returns.sampleStd(w) * annualization : null;
        }
        v[c++] = beta(0);
        v[c++] = beta(1);
        v[c++] = highs.full() ? highs.max() : null;
        v[c++] = lows.full() ? lows.min() : null;
        v[c++] = volumes.full(spec.volumeWindow()) ? volumes.mean(spec.volumeWindow()) : null;
        for (int s = 0; s < spreads; s++) {
            v[c++] = beta(2 + s);
        }
        RidgeFit fit = ridge.full() ? ridge.solve(spec.ridgeLambda()) : null;
        v[c++] = fit == null ? null : fit.alpha();
        v[c++] = fit == null ? null : fit.r2();
        for (int f = 0; f < factors; f++) {
            v[c++] = fit == null ? null : fit.coefficients()[f];
        }
        return v;
    }

    private Double beta(int series) {
        return betas[series].full() ? betas[series].beta() : null;
    }

    private static String shapeOf(MetricsSpec spec) {
        return String.join(",", spec.columns()) + ";ridge=" + spec.ridgeWindow();
    }

    public String getShape() { return shape; }
    public void setShape(String shape) { this.shape = shape; }
    public long getLastDay() { return lastDay; }
    public void setLastDay(long lastDay) { this.lastDay = lastDay; }
    public double getLastClose() { return lastClose; }
    public void setLastClose(double lastClose) { this.lastClose = lastClose; }
    public boolean isStarted() { return started; }
    public void setStarted(boolean started) { this.started = started; }
    public RollingMoments getReturns() { return returns; }
    public void setReturns(RollingMoments returns) { this.returns = returns; }
    public RollingExtremes getHighs() { return highs; }
    public void setHighs(RollingExtremes highs) { this.highs = highs; }
    public RollingExtremes getLows() { return lows; }
    public void setLows(RollingExtremes lows) { this.lows = lows; }
    public RollingMoments getVolumes() { return volumes; }
    public void setVolumes(RollingMoments volumes) { this.volumes = volumes; }
    public RollingCoMoments[] getBetas() { return betas; }
    public void setBetas(RollingCoMoments[] betas) { this.betas = betas; }
    public RollingRidge getRidge() { return ridge; }
    public void setRidge(RollingRidge ridge) { this.ridge = ridge; }
}
