package org.finstream.analytics;

/**
 * Mean and sample variance of one series over several trailing windows at once (for example
 * 21, 63 and 252 returns), sharing one ring sized by the longest window. O(windows) per
 * {@link #add}. Windows are addressed by their length. Numerics and the exact zero variance of
 * a window of identical values are described in {@link WindowedCoMoments}.
 *
 * <p>A Flink POJO: the getter and setter exist for the serializer.
 */
public class RollingMoments {
    private WindowedCoMoments moments;

    public RollingMoments() {}

    /** @param windows the window lengths, each >= 1 */
    public RollingMoments(int... windows) {
        this.moments = new WindowedCoMoments(1, windows);
    }

    /** Adds the next (finite) value of the series. */
    public void add(double x) {
        moments.add(x);
    }

    /** Number of values in the window of length {@code window}: min(values added, window). */
    public int count(int window) {
        return moments.count(moments.windowIndex(window));
    }

    /** Whether the window of length {@code window} is full. */
    public boolean full(int window) {
        return moments.full(moments.windowIndex(window));
    }

    /** Mean over the window (NaN when empty; exactly the value when all values are identical). */
    public double mean(int window) {
        return moments.mean(moments.windowIndex(window), 0);
    }

    /** Sample variance (n - 1) over the window; NaN below 2 values, exactly 0 when constant. */
    public double sampleVariance(int window) {
        int k = moments.windowIndex(window);
        int n = moments.count(k);
        return n < 2 ? Double.NaN : Math.max(0.0, moments.comoment(k, 0, 0)) / (n - 1);
    }

    /** Sample standard deviation (n - 1) over the window; NaN below 2 values. */
    public double sampleStd(int window) {
        return Math.sqrt(sampleVariance(window));
    }

    public WindowedCoMoments getMoments() { return moments; }
    public void setMoments(WindowedCoMoments moments) { this.moments = moments; }
}
