package org.finstream.analytics;

/**
 * Rolling maximum and minimum of the last N values, with monotonic deques kept in
 * {@link DoubleRing}s: amortized O(1) per {@link #add}, memory 3N doubles. For a 52-week high
 * and low use one instance fed highs (read {@link #max()}) and one fed lows (read {@link #min()}).
 *
 * <p>The max deque holds, oldest first, the values of the window that no later value exceeds
 * (a non-increasing sequence; equal values are all kept), so its oldest entry is the window's
 * maximum. When the window evicts a value equal to that entry, the entry is the evicted value
 * itself and is dropped. The min deque is the same structure fed negated values.
 *
 * <p>A Flink POJO: the getters and setters exist for the serializer.
 */
public class RollingExtremes {
    private DoubleRing window;
    private DoubleRing maxima;
    private DoubleRing negatedMinima;

    public RollingExtremes() {}

    /** @param window the number of values in the window, >= 1 */
    public RollingExtremes(int window) {
        this.window = new DoubleRing(window);
        this.maxima = new DoubleRing(window);
        this.negatedMinima = new DoubleRing(window);
    }

    /** Adds the next value, evicting the oldest when the window is full. */
    public void add(double x) {
        if (window.full()) {
            double evicted = window.oldest();
            expire(maxima, evicted);
            expire(negatedMinima, -evicted);
        }
        window.push(x);
        offer(maxima, x);
        offer(negatedMinima, -x);
    }

    /** Maximum over the window (NaN when empty). */
    public double max() {
        return count() == 0 ? Double.NaN : maxima.oldest();
    }

    /** Minimum over the window (NaN when empty). */
    public double min() {
        return count() == 0 ? Double.NaN : -negatedMinima.oldest();
    }

    /** Number of values in the window. */
    public int count() {
        return window.size();
    }

    /** Whether the window is full. */
    public boolean full() {
        return window.full();
    }

    private static void offer(DoubleRing deque, double x) {
        while (deque.size() > 0 && deque.newest() < x) {
            deque.removeNewest();
        }
        deque.push(x);
    }

    private static void expire(DoubleRing deque, double evicted) {
        if (deque.oldest() == evicted) {
            deque.removeOldest();
        }
    }

    public DoubleRing getWindow() { return window; }
    public void setWindow(DoubleRing window) { this.window = window; }
    public DoubleRing getMaxima() { return maxima; }
    public void setMaxima(DoubleRing maxima) { this.maxima = maxima; }
    public DoubleRing getNegatedMinima() { return negatedMinima; }
    public void setNegatedMinima(DoubleRing negatedMinima) { this.negatedMinima = negatedMinima; }
}
