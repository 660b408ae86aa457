package org.finstream.analytics;

import java.util.Arrays;

/**
 * Means and centered co-moments of {@code dim} series observed together (one row of
 * {@code dim} values per step), over one or more trailing windows of different lengths that
 * share a single {@link RowRing} sized by the longest window. This is the engine behind
 * {@link RollingMoments}, {@link RollingCoMoments} and {@link RollingRidge}; windows are
 * addressed by their index {@code k} in the constructor's list, series by {@code i, j}.
 *
 * <p>The centered co-moment of series i and j over a window is
 * {@code C_ij = sum (a_i - mean_i)(a_j - mean_j)}, not divided by the count.
 *
 * <p>Numerics: each window keeps its own means and co-moments, updated by Welford's
 * recurrences. Adding a row a: {@code n++, d = a - mean, mean += d/n, C_ij += d_i (a_j - mean_j)}
 * with the new mean; evicting a row applies the exact inverse
 * {@code n--, d = a - mean, mean -= d/n, C_ij -= d_i (a_j - mean_j)}. A sliding step adds the
 * new row before evicting the oldest, so the count never drops to zero. The recurrences run in
 * {@link DoubleDouble} arithmetic and the state keeps each mean and co-moment as a double-double
 * (a leading double plus a low-order correction). Plain double Welford leaves a rounding residue
 * proportional to the largest squared deviations that ever passed through the window, which
 * dominates once a calm stretch follows a volatile one (a window of two close values, a spike
 * that left the window). With double-double the residue is about 2^-104 of those squared
 * deviations, so the co-moments keep nearly full double precision relative to the current
 * window unless its variance is some 1e20 times below the largest ever seen. Cost per
 * {@link #add} is O(windows * dim^2).
 *
 * <p>Exact constancy: per window and series the state counts the adjacent pairs inside the
 * window whose values differ ({@code !=}). When that count is 0 every value of the series in
 * the window is identical, and the state of that series is set exactly: mean = the value and
 * every co-moment involving the series = 0, wiping any floating residue left by evicted values.
 * While the series stays constant the Welford steps keep those values exact.
 *
 * <p>A Flink POJO: the getters and setters exist for the serializer.
 */
public class WindowedCoMoments {
    private int[] windows;
    private RowRing rows;
    /** Mean of series i over window k, at {@code k * dim + i}: leading double. */
    private double[] means;
    /** Low-order part of each mean (the mean is {@code means + meanLows} exactly). */
    private double[] meanLows;
    /** C_ij over window k, at {@code (k * dim + i) * dim + j}: leading double. */
    private double[] comoments;
    /** Low-order part of each co-moment. */
    private double[] comomentLows;
    /** Adjacent unequal pairs of series i inside window k, at {@code k * dim + i}. */
    private int[] unequalPairs;

    public WindowedCoMoments() {}

    /**
     * @param dim number of series per row
     * @param windows window lengths, each >= 1
     */
    public WindowedCoMoments(int dim, int... windows) {
        if (windows.length == 0 || Arrays.stream(windows).anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("windows must be non-empty and >= 1: " + Arrays.toString(windows));
        }
        this.windows = windows.clone();
        this.rows = new RowRing(Arrays.stream(windows).max().getAsInt(), dim);
        this.means = new double[windows.length * dim];
        this.meanLows = new double[windows.length * dim];
        this.comoments = new double[windows.length * dim * dim];
        this.comomentLows = new double[windows.length * dim * dim];
        this.unequalPairs = new int[windows.length * dim];
    }

    /** Adds one row of {@code dim} finite values to every window, evicting what leaves each. */
    public void add(double... row) {
        if (row.length != dim()) {
            throw new IllegalArgumentException("row length " + row.length + " != " + dim());
        }
        for (double value : row) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("non-finite value: " + Arrays.toString(row));
            }
        }
        for (int k = 0; k < windows.length; k++) {
            slide(k, row);
        }
        rows.push(row);
    }

    /** Index of the window of the given length. */
    public int windowIndex(int length) {
        for (int k = 0; k < windows.length; k++) {
            if (windows[k] == length) {
                return k;
            }
        }
        throw new IllegalArgumentException("no window of length " + length + " in " + Arrays.toString(windows));
    }

    /** Number of series per row. */
    public int dim() {
        return rows.getWidth();
    }

    /** Number of rows currently in window k: min(rows added, window length). */
    public int count(int k) {
        return Math.min(rows.size(), windows[k]);
    }

    /** Whether window k holds its full length of rows. */
    public boolean full(int k) {
        return rows.size() >= windows[k];
    }

    /** Mean of series i over window k (NaN when the window is empty). */
    public double mean(int k, int i) {
        return count(k) == 0 ? Double.NaN : means[k * dim() + i];
    }

    /** Centered co-moment C_ij over window k; exactly 0 when series i or j is constant there. */
    public double comoment(int k, int i, int j) {
        return comoments[(k * dim() + i) * dim() + j];
    }

    private void slide(int k, double[] row) {
        int w = windows[k];
        int n = count(k);
        int size = rows.size();
        if (w >= 2 && n > 0) {
            countUnequal(k, rows.row(size - 1), row, 1);
        }
        welford(k, row, n + 1, 1);
        if (n == w) {
            double[] evicted = rows.row(size - w);
            if (w >= 2) {
                countUnequal(k, evicted, rows.row(size - w + 1), -1);
            }
            welford(k, evicted, w, -1);
        }
        for (int i = 0; i < dim(); i++) {
            if (unequalPairs[k * dim() + i] == 0) {
                setConstant(k, i, row[i]);
            }
        }
    }

    private void countUnequal(int k, double[] earlier, double[] later, int delta) {
        for (int i = 0; i < dim(); i++) {
            if (earlier[i] != later[i]) {
                unequalPairs[k * dim() + i] += delta;
            }
        }
    }

    /** Adds (sign +1) or removes (sign -1) row a, leaving {@code countAfter} rows in window k. */
    private void welford(int k, double[] a, int countAfter, int sign) {
        int dim = dim();
        DoubleDouble[] before = new DoubleDouble[dim];
        DoubleDouble[] after = new DoubleDouble[dim];
        for (int i = 0; i < dim; i++) {
            int s = k * dim + i;
            DoubleDouble value = DoubleDouble.of(a[i]);
            DoubleDouble mean = new DoubleDouble(means[s], meanLows[s]);
            before[i] = value.minus(mean);
            DoubleDouble step = before[i].dividedBy(countAfter);
            mean = sign > 0 ? mean.plus(step) : mean.minus(step);
            means[s] = mean.hi();
            meanLows[s] = mean.lo();
            after[i] = value.minus(mean);
        }
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                int ij = (k * dim + i) * dim + j;
                int ji = (k * dim + j) * dim + i;
                DoubleDouble product = before[i].times(after[j]);
                DoubleDouble c = new DoubleDouble(comoments[ij], comomentLows[ij]);
                c = sign > 0 ? c.plus(product) : c.minus(product);
                comoments[ij] = comoments[ji] = c.hi();
                comomentLows[ij] = comomentLows[ji] = c.lo();
            }
        }
    }

    private void setConstant(int k, int i, double value) {
        int dim = dim();
        means[k * dim + i] = value;
        meanLows[k * dim + i] = 0.0;
        for (int j = 0; j < dim; j++) {
            int ij = (k * dim + i) * dim + j;
            int ji = (k * dim + j) * dim + i;
            comoments[ij] = comoments[ji] = 0.0;
            comomentLows[ij] = comomentLows[ji] = 0.0;
        }
    }

    public int[] getWindows() { return windows; }
    public void setWindows(int[] windows) { this.windows = windows; }
    public RowRing getRows() { return rows; }
    public void setRows(RowRing rows) { this.rows = rows; }
    public double[] getMeans() { return means; }
    public void setMeans(double[] means) { this.means = means; }
    public double[] getMeanLows() { return meanLows; }
    public void setMeanLows(double[] meanLows) { this.meanLows = meanLows; }
    public double[] getComoments() { return comoments; }
    public void setComoments(double[] comoments) { this.comoments = comoments; }
    public double[] getComomentLows() { return comomentLows; }
    public void setComomentLows(double[] comomentLows) { this.comomentLows = comomentLows; }
    public int[] getUnequalPairs() { return unequalPairs; }
    public void setUnequalPairs(int[] unequalPairs) { this.unequalPairs = unequalPairs; }
}
