package org.finstream.analytics.bench;

import org.finstream.analytics.MetricsSpec;
import org.finstream.analytics.RidgeFit;
import org.finstream.analytics.RollingRidge;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link RollingRidge} with the default factors (6) over the default ridge window (90 rows) in
 * steady state, on a symbol whose return is a linear mix of correlated factor returns plus
 * noise. {@code add}: one op is one row added to the window; {@code addAndSolve}: one op is one
 * row added and the {@link RidgeFit} solved with the default lambda, the ridge work of one
 * symbol-day.
 */
@State(Scope.Thread)
public class RollingRidgeBenchmark extends SteadyStateBenchmark {
    private double lambda;
    private double[] y;
    /** The factor values of each day. */
    private double[][] x;
    private RollingRidge ridge;
    private int day;

    @Setup(Level.Trial)
    public void setUp() {
        MetricsSpec spec = MarketData.defaultSpec();
        int factors = spec.factorNames().size();
        lambda = spec.ridgeLambda();
        double[] market = MarketData.returns(1, 0.01);
        double[] noise = MarketData.returns(2, 0.01);
        double[][] own = new double[factors][];
        for (int f = 0; f < factors; f++) {
            own[f] = MarketData.returns(10 + f, 0.005);
        }
        y = new double[MarketData.DAYS];
        x = new double[MarketData.DAYS][factors];
        for (int d = 0; d < MarketData.DAYS; d++) {
            y[d] = noise[d];
            for (int f = 0; f < factors; f++) {
                x[d][f] = 0.3 * market[d] + own[f][d];
                y[d] += (1.0 - 0.2 * f) * x[d][f];
            }
        }
        ridge = new RollingRidge(spec.ridgeWindow(), factors);
        for (day = 0; day < spec.ridgeWindow(); day++) {
            ridge.add(y[day], x[day]);
        }
    }

    @Benchmark
    public void add() {
        int d = day++ & MarketData.MASK;
        ridge.add(y[d], x[d]);
    }

    @Benchmark
    public RidgeFit addAndSolve() {
        int d = day++ & MarketData.MASK;
        ridge.add(y[d], x[d]);
        return ridge.solve(lambda);
    }
}
