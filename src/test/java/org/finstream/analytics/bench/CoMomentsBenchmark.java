package org.finstream.analytics.bench;

import java.util.concurrent.TimeUnit;
import org.finstream.analytics.RollingCoMoments;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link RollingCoMoments} over the default beta window (90 common dates) in steady state: one
 * op is one (benchmark return, symbol return) pair added and the beta read, the work of one
 * beta series on one symbol-day.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class CoMomentsBenchmark {
    private double[] market;
    private double[] stock;
    private RollingCoMoments coMoments;
    private int day;

    @Setup(Level.Trial)
    public void setUp() {
        int window = MarketData.defaultSpec().betaWindow();
        market = MarketData.returns(1, 0.01);
        double[] idiosyncratic = MarketData.returns(2, 0.015);
        stock = new double[MarketData.DAYS];
        for (int d = 0; d < MarketData.DAYS; d++) {
            stock[d] = 1.2 * market[d] + idiosyncratic[d];
        }
        coMoments = new RollingCoMoments(window);
        for (day = 0; day < window; day++) {
            coMoments.add(market[day], stock[day]);
        }
    }

    @Benchmark
    public Double beta() {
        int d = day++ & MarketData.MASK;
        coMoments.add(market[d], stock[d]);
        return coMoments.beta();
    }
}
