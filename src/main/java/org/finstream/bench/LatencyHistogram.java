package org.finstream.bench;

/**
 * Latencies in whole milliseconds, counted per millisecond up to a bound (a larger latency is
 * counted at the bound, its true value still in {@link #max()}). Thread-safe.
 */
final class LatencyHistogram {
    private final long[] counts;
    private long total;
    private long max;

    LatencyHistogram(int boundMillis) {
        counts = new long[boundMillis + 1];
    }

    /** One latency; a negative one (clock granularity) counts as 0. */
    synchronized void add(long millis) {
        long m = Math.max(0, millis);
        counts[(int) Math.min(m, counts.length - 1)]++;
        total++;
        max = Math.max(max, m);
    }

    synchronized long count() {
        return total;
    }

    synchronized long max() {
        return max;
    }

    /** The smallest latency that at least {@code fraction} of all are at or below (0 when empty). */
    synchronized long percentile(double fraction) {
        if (fraction <= 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be in (0, 1]: " + fraction);
        }
        long needed = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= needed && seen > 0) {
                return i == counts.length - 1 ? max : i;
            }
        }
        return 0;
    }
}
