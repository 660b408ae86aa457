package org.finstream.analytics;

import static org.finstream.analytics.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class RollingCoMomentsTest {

    /** Feeds the pairs (x, y) and checks the window against brute force after every pair. */
    private static void feedAndCheck(int window, Supplier<double[]> pairs, int steps) {
        RollingCoMoments moments = new RollingCoMoments(window);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            double[] pair = pairs.get();
            moments.add(pair[0], pair[1]);
            xs.add(pair[0]);
            ys.add(pair[1]);
            check(moments, Reference.window(xs, window), Reference.window(ys, window),
                    "window " + window + " after " + xs.size() + " pairs");
        }
    }

    private static void check(RollingCoMoments moments, double[] x, double[] y, String at) {
        assertEquals(x.length, moments.count(), at);
        assertClose(Reference.mean(x), moments.meanX(), Reference.maxAbs(x), "meanX " + at);
        assertClose(Reference.mean(y), moments.meanY(), Reference.maxAbs(y), "meanY " + at);
        if (x.length < 2) {
            assertEquals(Double.NaN, moments.covariance(), at);
            assertNull(moments.beta(), at);
            assertNull(moments.correlation(), at);
            return;
        }
        double vx = Reference.variance(x);
        double vy = Reference.variance(y);
        double cov = Reference.covariance(x, y);
        assertExactOrClose(vx, moments.varianceX(), 0.0, "varianceX " + at);
        assertExactOrClose(vy, moments.varianceY(), 0.0, "varianceY " + at);
        assertExactOrClose(cov, moments.covariance(), Math.sqrt(vx * vy), "covariance " + at);
        if (vx == 0.0) {
            assertNull(moments.beta(), "beta with constant x " + at);
        } else {
            assertNotNull(moments.beta(), at);
            assertClose(cov / vx, moments.beta(), Math.sqrt(vy / vx), "beta " + at);
        }
        if (vx == 0.0 || vy == 0.0) {
            assertNull(moments.correlation(), "correlation with a constant series " + at);
        } else {
            assertNotNull(moments.correlation(), at);
            assertClose(cov / Math.sqrt(vx * vy), moments.correlation(), 1.0, "correlation " + at);
        }
    }

    /** Exactly 0 where brute force gives exactly 0 (a constant series), else close. */
    private static void assertExactOrClose(double expected, double actual, double scale, String what) {
        if (expected == 0.0) {
            assertEquals(0.0, actual, what);
        } else {
            assertClose(expected, actual, scale, what);
        }
    }

    /** y = beta * x + noise, with x ~ N(mean, std). */
    private static Supplier<double[]> correlated(Random random, double mean, double std, double beta) {
        return () -> {
            double x = mean + std * random.nextGaussian();
            return new double[] {x, beta * x + std * random.nextGaussian()};
        };
    }

    @Test
    void matchesBruteForceOnRandomPairs() {
        for (int window : new int[] {1, 2, 3, 90}) {
            feedAndCheck(window, correlated(new Random(window), 0.0, 1.0, 0.7), 400);
            feedAndCheck(window, correlated(new Random(window), 0.0, 1.0, -1.3), 400);
        }
    }

    @Test
    void matchesBruteForceOnHugeAndTinyMagnitudes() {
        feedAndCheck(90, correlated(new Random(11), 1e6, 1.0, 1.0), 400);
        feedAndCheck(90, correlated(new Random(12), 0.0, 1e-8, 2.0), 400);
        feedAndCheck(90, correlated(new Random(13), 1e-3, 1e-6, 0.5), 400);
        feedAndCheck(5, correlated(new Random(14), -1e6, 1e-2, 0.5), 400);
    }

    @Test
    void matchesBruteForceWhenSeriesTurnConstantAndVaryAgain() {
        Random random = new Random(15);
        double[] current = {0.01, -0.02};
        feedAndCheck(5, () -> {
            for (int i = 0; i < 2; i++) {
                if (random.nextInt(5) == 0) {
                    current[i] = random.nextGaussian() * 0.01;
                }
            }
            return current.clone();
        }, 3000);
    }

    @Test
    void constantBenchmarkHasNoBetaAndNoCorrelation() {
        RollingCoMoments moments = new RollingCoMoments(90);
        Random random = new Random(16);
        for (int i = 0; i < 200; i++) {
            moments.add(random.nextGaussian(), random.nextGaussian());
        }
        for (int i = 0; i < 90; i++) {
            moments.add(0.001, random.nextGaussian());
        }
        assertEquals(0.0, moments.varianceX());
        assertEquals(0.0, moments.covariance());
        assertEquals(0.001, moments.meanX());
        assertNull(moments.beta());
        assertNull(moments.correlation());
        moments.add(0.002, 0.0);
        assertNotNull(moments.beta());
    }

    @Test
    void constantResponseHasBetaExactlyZeroAndNoCorrelation() {
        RollingCoMoments moments = new RollingCoMoments(3);
        Random random = new Random(17);
        for (int i = 0; i < 10; i++) {
            moments.add(random.nextGaussian(), random.nextGaussian());
        }
        for (int i = 0; i < 3; i++) {
            moments.add(random.nextGaussian(), 0.5);
        }
        assertEquals(0.0, moments.beta());
        assertNull(moments.correlation());
    }

    @Test
    void longReturnSeriesStaysWithinTolerance() {
        feedAndCheck(90, correlated(new Random(18), 1e-4, 1e-2, 1.1), 10_000);
        feedAndCheck(90, correlated(new Random(19), 1e-3, 1e-6, 0.9), 10_000);
    }

    @Test
    void rejectsNonFiniteValues() {
        RollingCoMoments moments = new RollingCoMoments(90);
        assertThrows(IllegalArgumentException.class, () -> moments.add(1.0, Double.POSITIVE_INFINITY));
        assertEquals(0, moments.count());
    }

    @Test
    void isAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RollingCoMoments.class);
    }
}
