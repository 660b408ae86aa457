package org.finstream.analytics.bench;

import org.finstream.analytics.RollingCoMoments;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link RollingCoMoments} over the default beta window (90 common dates) in steady state: one
 * op is one (benchmark return, symbol return) pair added and the beta read, the work of one
 * beta series on one symbol-day.
 */
@State(Scope.Thread)
public class CoMomentsBenchmark extends SteadyStateBenchmark {
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
