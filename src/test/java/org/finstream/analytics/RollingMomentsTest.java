package org.finstream.analytics;

import static org.finstream.analytics.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class RollingMomentsTest {
    private static final int[] WINDOWS = {1, 2, 5, 21};

    /** Feeds the series and checks every window against brute force after every value. */
    private static void feedAndCheck(int[] windows, DoubleSupplier series, int steps) {
        RollingMoments moments = new RollingMoments(windows);
        List<Double> history = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            double x = series.getAsDouble();
            moments.add(x);
            history.add(x);
            for (int w : windows) {
                check(moments, history, w);
            }
        }
    }

    private static void check(RollingMoments moments, List<Double> history, int w) {
        double[] window = Reference.window(history, w);
        String at = "window " + w + " after " + history.size() + " values";
        assertEquals(window.length, moments.count(w), at);
        assertEquals(history.size() >= w, moments.full(w), at);
        assertClose(Reference.mean(window), moments.mean(w), Reference.maxAbs(window), "mean " + at);
        if (window.length < 2) {
            assertEquals(Double.NaN, moments.sampleVariance(w), at);
            return;
        }
        double variance = Reference.variance(window);
        if (variance == 0.0) {
            assertEquals(0.0, moments.sampleVariance(w), "exact zero variance " + at);
            assertEquals(0.0, moments.sampleStd(w), "exact zero std " + at);
            assertEquals(window[0], moments.mean(w), "exact mean of identical values " + at);
        } else {
            assertClose(variance, moments.sampleVariance(w), 0.0, "variance " + at);
            assertClose(Math.sqrt(variance), moments.sampleStd(w), 0.0, "std " + at);
        }
    }

    @Test
    void matchesBruteForceOnRandomMixedSignSeries() {
        Random random = new Random(1);
        feedAndCheck(WINDOWS, () -> random.nextGaussian(), 500);
    }

    @Test
    void matchesBruteForceOnHugeAndTinyMagnitudes() {
        Random random = new Random(2);
        feedAndCheck(WINDOWS, () -> 1e6 + random.nextGaussian(), 500);
        feedAndCheck(WINDOWS, () -> -1e6 * (1 + random.nextDouble()), 500);
        feedAndCheck(WINDOWS, () -> 1e-8 * random.nextGaussian(), 500);
        feedAndCheck(WINDOWS, () -> 1e-8 + 1e-12 * random.nextGaussian(), 500);
    }

    @Test
    void staysAccurateAfterASpikeOrAVolatileRegimeLeftTheWindow() {
        Random random = new Random(7);
        int[] spikeStep = {0};
        feedAndCheck(WINDOWS, () -> ++spikeStep[0] == 50 ? 1e2 : 1e-2 * random.nextGaussian(), 300);
        int[] regimeStep = {0};
        feedAndCheck(WINDOWS, () -> ++regimeStep[0] <= 100 ? 1e3 * random.nextGaussian() : 1e-3 * random.nextGaussian(), 300);
    }

    @Test
    void matchesBruteForceWithRepeatedValues() {
        Random random = new Random(3);
        // runs of equal values, so windows keep turning constant and varying again
        double[] current = {0.25};
        feedAndCheck(WINDOWS, () -> {
            if (random.nextInt(6) == 0) {
                current[0] = random.nextInt(3) * 0.1 - 0.1;
            }
            return current[0];
        }, 2000);
    }

    @Test
    void constantSeriesHasExactlyZeroVariance() {
        RollingMoments moments = new RollingMoments(3, 21);
        for (int i = 0; i < 50; i++) {
            moments.add(0.1);
        }
        assertEquals(0.0, moments.sampleVariance(21));
        assertEquals(0.0, moments.sampleVariance(3));
        assertEquals(0.1, moments.mean(21));
    }

    @Test
    void varianceIsExactlyZeroOnceVaryingValuesLeftTheWindow() {
        RollingMoments moments = new RollingMoments(5, 21);
        Random random = new Random(4);
        for (int i = 0; i < 100; i++) {
            moments.add(1e3 * random.nextGaussian());
        }
        for (int i = 1; i <= 30; i++) {
            moments.add(0.1);
            if (i >= 5) {
                assertEquals(0.0, moments.sampleVariance(5));
                assertEquals(0.1, moments.mean(5));
            }
            if (i >= 21) {
                assertEquals(0.0, moments.sampleVariance(21));
                assertEquals(0.1, moments.mean(21));
            } else {
                assertTrue(moments.sampleVariance(21) > 0.0);
            }
        }
    }

    @Test
    void longReturnSeriesStaysWithinTolerance() {
        longReturnSeries(new Random(5), 1e-4, 1e-2);
        longReturnSeries(new Random(6), 1e-3, 1e-6);
    }

    /** 10,000 daily returns derived from prices starting at 1e3, windows 21, 63, 252. */
    private static void longReturnSeries(Random random, double meanReturn, double stdReturn) {
        double[] price = {1e3};
        feedAndCheck(new int[] {21, 63, 252}, () -> {
            double previous = price[0];
            price[0] = previous * (1 + meanReturn + stdReturn * random.nextGaussian());
            return price[0] / previous - 1;
        }, 10_000);
    }

    @Test
    void rejectsUnknownWindowsAndNonFiniteValues() {
        RollingMoments moments = new RollingMoments(21);
        assertThrows(IllegalArgumentException.class, () -> moments.mean(22));
        assertThrows(IllegalArgumentException.class, () -> moments.add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new RollingMoments(0));
    }

    @Test
    void isAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RollingMoments.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(WindowedCoMoments.class);
    }
}
