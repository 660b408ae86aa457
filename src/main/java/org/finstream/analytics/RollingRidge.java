package org.finstream.analytics;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Rolling ridge regression of y on K factors over the last N rows (y, x_1..x_K). Keeps the
 * means and centered co-moment matrix S of [y, x] with {@link WindowedCoMoments} (O(K^2) per
 * {@link #add}); {@link #solve(double)} computes, over the window,
 * {@code b = (Sxx + lambda I)^-1 Sxy} (Sxx = Xc'Xc, Sxy = Xc'yc, not divided by n),
 * {@code alpha = mean(y) - mean(X).b} and {@code r2 = 1 - SSE/SST} with
 * {@code SSE = Syy - 2 b'Sxy + b'Sxx b} and {@code SST = Syy}.
 *
 * <p>A Flink POJO: the getter and setter exist for the serializer.
 */
public class RollingRidge {
    private static final int Y = 0;

    private WindowedCoMoments moments;

    public RollingRidge() {}

    /**
     * @param window the number of rows in the window, >= 1
     * @param factors the number K of factors, >= 1
     */
    public RollingRidge(int window, int factors) {
        if (factors < 1) {
            throw new IllegalArgumentException("factors must be >= 1: " + factors);
        }
        this.moments = new WindowedCoMoments(factors + 1, window);
    }

    /** Adds the next row: the response y and the K factor values (all finite). */
    public void add(double y, double... x) {
        if (x.length != factors()) {
            throw new IllegalArgumentException(x.length + " factor values for " + factors() + " factors");
        }
        double[] row = new double[x.length + 1];
        row[Y] = y;
        System.arraycopy(x, 0, row, 1, x.length);
        moments.add(row);
    }

    /** Number K of factors. */
    public int factors() {
        return moments.dim() - 1;
    }

    /** Number of rows in the window. */
    public int count() {
        return moments.count(0);
    }

    /** Whether the window is full. */
    public boolean full() {
        return moments.full(0);
    }

    /**
     * Fits over the current (non-empty) window.
     *
     * @param lambda ridge penalty added to the diagonal of Xc'Xc, >= 0 (0 is OLS)
     * @return the fit, or null when Xc'Xc + lambda I is not positive definite (only possible
     *     when lambda is 0 or negligible and a factor is constant or the factors are collinear)
     */
    public RidgeFit solve(double lambda) {
        if (!(lambda >= 0.0)) {
            throw new IllegalArgumentException("lambda must be >= 0: " + lambda);
        }
        if (count() == 0) {
            throw new IllegalStateException("empty window");
        }
        int k = factors();
        RealMatrix sxx = new Array2DRowRealMatrix(k, k);
        RealVector sxy = new ArrayRealVector(k);
        for (int i = 0; i < k; i++) {
            sxy.setEntry(i, moments.comoment(0, i + 1, Y));
            for (int j = 0; j < k; j++) {
                sxx.setEntry(i, j, moments.comoment(0, i + 1, j + 1));
            }
        }
        RealMatrix penalized = sxx.copy();
        for (int i = 0; i < k; i++) {
            penalized.addToEntry(i, i, lambda);
        }
        RealVector b;
        try {
            b = new CholeskyDecomposition(penalized, CholeskyDecomposition.DEFAULT_RELATIVE_SYMMETRY_THRESHOLD, 0.0)
                    .getSolver().solve(sxy);
        } catch (NonPositiveDefiniteMatrixException e) {
            return null;
        }
        double alpha = moments.mean(0, Y);
        for (int i = 0; i < k; i++) {
            alpha -= moments.mean(0, i + 1) * b.getEntry(i);
        }
        double sst = moments.comoment(0, Y, Y);
        Double r2 = null;
        if (sst != 0.0) {
            double sse = sst - 2.0 * b.dotProduct(sxy) + b.dotProduct(sxx.operate(b));
            r2 = 1.0 - sse / sst;
        }
        return new RidgeFit(b.toArray(), alpha, r2);
    }

    public WindowedCoMoments getMoments() { return moments; }
    public void setMoments(WindowedCoMoments moments) { this.moments = moments; }
}
