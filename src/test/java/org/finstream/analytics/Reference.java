package org.finstream.analytics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Brute-force two-pass statistics of a whole window, recomputed from scratch, and a tolerance check. */
final class Reference {
    /** Relative tolerance of every comparison against brute force. */
    static final double REL = 1e-9;

    private Reference() {}

    /** The last min(n, size) values of {@code history}. */
    static double[] window(List<Double> history, int n) {
        int from = Math.max(0, history.size() - n);
        return history.subList(from, history.size()).stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double mean(double[] x) {
        double sum = 0.0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /** Two-pass sample covariance (n - 1); exactly 0 when x or y is constant. */
    static double covariance(double[] x, double[] y) {
        if (constant(x) || constant(y)) {
            return 0.0;
        }
        double mx = mean(x);
        double my = mean(y);
        double sum = 0.0;
        for (int i = 0; i < x.length; i++) {
            sum += (x[i] - mx) * (y[i] - my);
        }
        return sum / (x.length - 1);
    }

    static double variance(double[] x) {
        return covariance(x, x);
    }

    static boolean constant(double[] x) {
        for (double v : x) {
            if (v != x[0]) {
                return false;
            }
        }
        return true;
    }

    static double maxAbs(double[] x) {
        double m = 0.0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * Asserts {@code |actual - expected| <= REL * max(|expected|, scale)}: relative error, with
     * {@code scale} the magnitude below which an absolute error of REL * scale is accepted.
     */
    static void assertClose(double expected, double actual, double scale, String what) {
        double tolerance = REL * Math.max(Math.abs(expected), scale);
        assertTrue(Math.abs(actual - expected) <= tolerance,
                () -> what + ": expected " + expected + " but was " + actual + " (tolerance " + tolerance + ")");
    }
}
