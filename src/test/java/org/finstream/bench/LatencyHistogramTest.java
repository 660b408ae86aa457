package org.finstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Percentiles of the histogram against the sorted latencies. */
class LatencyHistogramTest {
    @Test
    void percentilesEqualTheSortedSamples() {
        Random random = new Random(3);
        LatencyHistogram h = new LatencyHistogram(1_000);
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            long ms = (long) Math.abs(random.nextGaussian() * 200);
            samples.add(Math.min(ms, 1_000));
            h.add(ms);
        }
        samples.sort(null);
        for (double f : new double[] {0.01, 0.5, 0.9, 0.99, 0.999}) {
            long brute = samples.get((int) Math.ceil(f * samples.size()) - 1);
            assertEquals(brute, h.percentile(f), "percentile " + f);
        }
        assertEquals(5_000, h.count());
    }

    @Test
    void latenciesAboveTheBoundKeepTheirMaximumAndNegativeOnesCountAsZero() {
        LatencyHistogram h = new LatencyHistogram(100);
        h.add(-3);
        h.add(50);
        h.add(5_000);
        assertEquals(0, h.percentile(0.3));
        assertEquals(50, h.percentile(0.6));
        assertEquals(5_000, h.percentile(1.0), "the top bucket reports the true maximum");
        assertEquals(5_000, h.max());
        assertThrows(IllegalArgumentException.class, () -> h.percentile(0));
        assertEquals(0, new LatencyHistogram(10).percentile(0.99), "empty");
    }
}
