package org.finstream.bench;

import java.util.List;

/** The minimum, median and maximum of one figure over several runs. */
public record Spread(double min, double median, double max, int runs) {
    public static Spread of(List<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        double[] s = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return new Spread(s[0], median, s[n - 1], n);
    }

    /** "min / median / max" with {@code format} applied to each (e.g. {@code "%.1f s"}). */
    public String format(String format) {
        return String.format(format, min) + " / " + String.format(format, median) + " / " + String.format(format, max);
    }
}
