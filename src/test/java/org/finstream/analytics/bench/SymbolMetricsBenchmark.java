package org.finstream.analytics.bench;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;
import org.finstream.analytics.MetricsSpec;
import org.finstream.analytics.SymbolMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link SymbolMetrics#addDay} with the default {@link MetricsSpec} of finstream-defaults.yaml
 * in steady state: one op is one symbol's whole trading day, that is the total return, the
 * volatility window set, the 52-week high and low, the average volume, one beta window per
 * beta series (benchmark, rates proxy and each spread), the ridge window and its solve, and the
 * day's metric values. Every series is known on every day, so every window takes every day (the
 * most work a day can cost); there are no corporate actions.
 */
@State(Scope.Thread)
public class SymbolMetricsBenchmark extends SteadyStateBenchmark {
    private MetricsSpec spec;
    private double[] high;
    private double[] low;
    private double[] close;
    private double[] volume;
    /** The beta series' returns of each day, in {@link MetricsSpec#betaSeries()} order. */
    private double[][] series;
    private SymbolMetrics metrics;
    /**
     * The next trading day (epoch day): increases for ever while the inputs cycle, so the close
     * jumps back once every {@link MarketData#DAYS} days (one outlier return).
     */
    private long day;

    @Setup(Level.Trial)
    public void setUp() {
        spec = MarketData.defaultSpec();
        int count = spec.betaSeries().size();
        double[][] seriesReturns = new double[count][];
        for (int i = 0; i < count; i++) {
            seriesReturns[i] = MarketData.returns(10 + i, i == 0 ? 0.01 : i == 1 ? 0.008 : 0.005);
        }
        double[] noise = MarketData.returns(2, 0.012);
        double[] range = MarketData.returns(3, 0.01);
        double[] volumeNoise = MarketData.returns(4, 0.3);
        high = new double[MarketData.DAYS];
        low = new double[MarketData.DAYS];
        close = new double[MarketData.DAYS];
        volume = new double[MarketData.DAYS];
        series = new double[MarketData.DAYS][count];
        double price = 100;
        for (int d = 0; d < MarketData.DAYS; d++) {
            double ret = noise[d];
            for (int i = 0; i < count; i++) {
                series[d][i] = seriesReturns[i][d];
                ret += (i == 0 ? 1.1 : 0.3) * series[d][i];
            }
            price *= 1 + ret;
            close[d] = price;
            high[d] = price * (1 + Math.abs(range[d]));
            low[d] = price * (1 - Math.abs(range[d]));
            volume[d] = 1e6 * Math.exp(volumeNoise[d]);
        }
        metrics = new SymbolMetrics(spec);
        int longest = IntStream.concat(Arrays.stream(spec.volatilityWindows()), IntStream.of(spec.betaWindow(),
                spec.ridgeWindow(), spec.extremesWindow(), spec.volumeWindow())).max().getAsInt();
        SymbolMetrics.Day last = null;
        for (int d = 0; d <= longest; d++) {
            last = addDay();
        }
        if (Arrays.stream(last.values()).anyMatch(Objects::isNull)) {
            throw new IllegalStateException("not in steady state after " + day + " days: "
                    + Arrays.toString(last.values()));
        }
    }

    @Benchmark
    public SymbolMetrics.Day addDay() {
        int d = (int) (day & MarketData.MASK);
        return metrics.addDay(spec, day++, high[d], low[d], close[d], volume[d], 1, 0, series[d]);
    }
}
