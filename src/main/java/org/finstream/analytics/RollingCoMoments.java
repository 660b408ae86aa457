package org.finstream.analytics;

/**
 * Means, sample (co)variances, correlation and beta of (x, y) pairs over the last N pairs, x
 * being the benchmark. O(1) per {@link #add}. Numerics and exact zero variance of a constant
 * series are described in {@link WindowedCoMoments}: a window where x (or y) is constant has a
 * variance of exactly 0, hence no beta (or no correlation).
 *
 * <p>A Flink POJO: the getter and setter exist for the serializer.
 */
public class RollingCoMoments {
    private static final int X = 0;
    private static final int Y = 1;

    private WindowedCoMoments moments;

    public RollingCoMoments() {}

    /** @param window the number of pairs in the window, >= 1 */
    public RollingCoMoments(int window) {
        this.moments = new WindowedCoMoments(2, window);
    }

    /** Adds the next (finite) pair. */
    public void add(double x, double y) {
        moments.add(x, y);
    }

    /** Number of pairs in the window. */
    public int count() {
        return moments.count(0);
    }

    /** Whether the window is full. */
    public boolean full() {
        return moments.full(0);
    }

    /** Mean of x (NaN when empty). */
    public double meanX() {
        return moments.mean(0, X);
    }

    /** Mean of y (NaN when empty). */
    public double meanY() {
        return moments.mean(0, Y);
    }

    /** Sample variance (n - 1) of x; NaN below 2 pairs, exactly 0 when x is constant. */
    public double varianceX() {
        return Math.max(0.0, sampleCovariance(X, X));
    }

    /** Sample variance (n - 1) of y; NaN below 2 pairs, exactly 0 when y is constant. */
    public double varianceY() {
        return Math.max(0.0, sampleCovariance(Y, Y));
    }

    /** Sample covariance (n - 1) of x and y; NaN below 2 pairs. */
    public double covariance() {
        return sampleCovariance(X, Y);
    }

    /** Pearson correlation; null below 2 pairs or when x or y has zero variance. */
    public Double correlation() {
        double vx = varianceX();
        double vy = varianceY();
        if (!(vx > 0.0 && vy > 0.0)) {
            return null;
        }
        return Math.max(-1.0, Math.min(1.0, covariance() / (Math.sqrt(vx) * Math.sqrt(vy))));
    }

    /** cov(x, y) / var(x); null below 2 pairs or when x has zero variance. */
    public Double beta() {
        double vx = varianceX();
        return vx > 0.0 ? covariance() / vx : null;
    }

    private double sampleCovariance(int i, int j) {
        int n = count();
        return n < 2 ? Double.NaN : moments.comoment(0, i, j) / (n - 1);
    }

    public WindowedCoMoments getMoments() { return moments; }
    public void setMoments(WindowedCoMoments moments) { this.moments = moments; }
}
