package org.finstream.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class RollingExtremesTest {

    private static void feedAndCheck(int window, DoubleSupplier series, int steps) {
        RollingExtremes extremes = new RollingExtremes(window);
        List<Double> history = new ArrayList<>();
        assertEquals(Double.NaN, extremes.max());
        assertEquals(Double.NaN, extremes.min());
        for (int step = 0; step < steps; step++) {
            double x = series.getAsDouble();
            extremes.add(x);
            history.add(x);
            double[] values = Reference.window(history, window);
            String at = "window " + window + " after " + history.size() + " values";
            assertEquals(values.length, extremes.count(), at);
            assertEquals(history.size() >= window, extremes.full(), at);
            assertEquals(Arrays.stream(values).max().getAsDouble(), extremes.max(), at);
            assertEquals(Arrays.stream(values).min().getAsDouble(), extremes.min(), at);
        }
    }

    @Test
    void matchesBruteForceOnRandomSeries() {
        for (int window : new int[] {1, 2, 3, 252}) {
            Random random = new Random(window);
            feedAndCheck(window, () -> 1e3 + 50 * random.nextGaussian(), 1000);
            feedAndCheck(window, () -> random.nextGaussian() * 1e-8, 1000);
        }
    }

    @Test
    void matchesBruteForceWithTiesAndMonotoneRuns() {
        Random random = new Random(21);
        feedAndCheck(5, () -> random.nextInt(3), 3000);
        int[] step = {0};
        feedAndCheck(7, () -> ++step[0], 100);
        feedAndCheck(7, () -> -(++step[0]), 100);
        feedAndCheck(4, () -> 42.0, 20);
    }

    @Test
    void isAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RollingExtremes.class);
    }
}
