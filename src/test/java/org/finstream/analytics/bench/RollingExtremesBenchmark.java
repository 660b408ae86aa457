package org.finstream.analytics.bench;

import org.finstream.analytics.RollingExtremes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link RollingExtremes} over the default extremes window (252 bars) in steady state, fed the
 * daily highs of a geometric random walk: one op is one high added and the 52-week high read
 * (the low is the same structure on negated values, so a bar's high and low cost two ops).
 */
@State(Scope.Thread)
public class RollingExtremesBenchmark extends SteadyStateBenchmark {
    private double[] highs;
    private RollingExtremes extremes;
    private int day;

    @Setup(Level.Trial)
    public void setUp() {
        int window = MarketData.defaultSpec().extremesWindow();
        highs = MarketData.prices(1, 100, 0.015);
        extremes = new RollingExtremes(window);
        for (day = 0; day < window; day++) {
            extremes.add(highs[day]);
        }
    }

    @Benchmark
    public double high52w() {
        extremes.add(highs[day++ & MarketData.MASK]);
        return extremes.max();
    }
}
