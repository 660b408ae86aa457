package org.finstream.analytics.bench;

import java.util.Arrays;
import org.finstream.analytics.RollingMoments;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link RollingMoments} in steady state (every window full): one op is one daily return added
 * and the sample standard deviation read, over a single window of 21, 63 or 252 returns
 * ({@code oneWindow}) or over the default volatility window set of finstream-defaults.yaml,
 * one ring shared by all its windows, as {@code SymbolMetrics} keeps it ({@code defaultWindowSet}).
 */
public class RollingMomentsBenchmark extends SteadyStateBenchmark {
    /** One window of {@link #window} returns. */
    @State(Scope.Thread)
    public static class OneWindow {
        @Param({"21", "63", "252"})
        int window;
        double[] returns;
        RollingMoments moments;
        int day;

        @Setup(Level.Trial)
        public void setUp() {
            returns = MarketData.returns(1, 0.015);
            moments = new RollingMoments(window);
            for (day = 0; day < window; day++) {
                moments.add(returns[day]);
            }
        }
    }

    /** The default volatility windows in one {@link RollingMoments}. */
    @State(Scope.Thread)
    public static class DefaultWindowSet {
        int[] windows;
        double[] returns;
        RollingMoments moments;
        int day;

        @Setup(Level.Trial)
        public void setUp() {
            windows = MarketData.defaultSpec().volatilityWindows();
            returns = MarketData.returns(1, 0.015);
            moments = new RollingMoments(windows);
            int longest = Arrays.stream(windows).max().getAsInt();
            for (day = 0; day < longest; day++) {
                moments.add(returns[day]);
            }
        }
    }

    @Benchmark
    public double oneWindow(OneWindow s) {
        s.moments.add(s.returns[s.day++ & MarketData.MASK]);
        return s.moments.sampleStd(s.window);
    }

    @Benchmark
    public void defaultWindowSet(DefaultWindowSet s, Blackhole bh) {
        s.moments.add(s.returns[s.day++ & MarketData.MASK]);
        for (int w : s.windows) {
            bh.consume(s.moments.sampleStd(w));
        }
    }
}
