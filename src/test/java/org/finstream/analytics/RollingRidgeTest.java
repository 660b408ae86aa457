package org.finstream.analytics;

import static org.finstream.analytics.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class RollingRidgeTest {
    private static final int K = 6;
    private static final int N = 90;
    private static final double LAMBDA = 1e-4;

    /** Rows (y, x_1..x_K): K correlated factor returns and y linear in them plus noise. */
    private static final class Rows {
        private final Random random;
        private final double mean;
        private final double std;
        private final double[][] mixing = new double[K][K];
        private final double[] betas = new double[K];

        Rows(long seed, double mean, double std) {
            this.random = new Random(seed);
            this.mean = mean;
            this.std = std;
            for (int i = 0; i < K; i++) {
                betas[i] = random.nextGaussian();
                for (int j = 0; j <= i; j++) {
                    mixing[i][j] = i == j ? 1.0 : 0.6 * random.nextGaussian();
                }
            }
        }

        double[] next() {
            double[] z = new double[K];
            for (int i = 0; i < K; i++) {
                z[i] = random.nextGaussian();
            }
            double[] row = new double[K + 1];
            row[0] = mean + 0.5 * std * random.nextGaussian();
            for (int i = 0; i < K; i++) {
                double x = mean;
                for (int j = 0; j <= i; j++) {
                    x += std * mixing[i][j] * z[j];
                }
                row[i + 1] = x;
                row[0] += betas[i] * x;
            }
            return row;
        }
    }

    /** Ridge over the rows from scratch: de-mean, build Xc, solve (Xc'Xc + lambda I) b = Xc'yc by LU. */
    private static RidgeFit bruteForce(List<double[]> window, double lambda) {
        int n = window.size();
        double[] y = window.stream().mapToDouble(r -> r[0]).toArray();
        double[] means = new double[K];
        RealMatrix xc = new Array2DRowRealMatrix(n, K);
        for (int j = 0; j < K; j++) {
            int column = j + 1;
            means[j] = Reference.mean(window.stream().mapToDouble(r -> r[column]).toArray());
            for (int t = 0; t < n; t++) {
                xc.setEntry(t, j, window.get(t)[column] - means[j]);
            }
        }
        double yMean = Reference.mean(y);
        ArrayRealVector yc = new ArrayRealVector(Arrays.stream(y).map(v -> v - yMean).toArray());
        RealMatrix a = xc.transpose().multiply(xc).add(MatrixUtils.createRealIdentityMatrix(K).scalarMultiply(lambda));
        double[] b = new LUDecomposition(a).getSolver().solve(xc.transpose().operate(yc)).toArray();
        double alpha = yMean;
        for (int j = 0; j < K; j++) {
            alpha -= means[j] * b[j];
        }
        double sse = 0.0;
        double sst = 0.0;
        for (double[] row : window) {
            double residual = row[0] - alpha;
            for (int j = 0; j < K; j++) {
                residual -= row[j + 1] * b[j];
            }
            sse += residual * residual;
            sst += (row[0] - yMean) * (row[0] - yMean);
        }
        return new RidgeFit(b, alpha, Reference.constant(y) ? null : 1.0 - sse / sst);
    }

    private static void assertMatches(RidgeFit expected, RidgeFit actual, List<double[]> window, String at) {
        double bScale = Arrays.stream(expected.coefficients()).map(Math::abs).max().getAsDouble();
        double alphaScale = Math.abs(window.stream().mapToDouble(r -> r[0]).average().getAsDouble());
        for (int j = 0; j < K; j++) {
            assertClose(expected.coefficients()[j], actual.coefficients()[j], bScale, "b" + j + " " + at);
            int column = j + 1;
            double mean = window.stream().mapToDouble(r -> r[column]).average().getAsDouble();
            alphaScale += Math.abs(mean * expected.coefficients()[j]);
        }
        assertClose(expected.alpha(), actual.alpha(), alphaScale, "alpha " + at);
        if (expected.r2() == null) {
            assertNull(actual.r2(), "r2 " + at);
        } else {
            assertNotNull(actual.r2(), "r2 " + at);
            assertClose(expected.r2(), actual.r2(), 1.0, "r2 " + at);
        }
    }

    /** Feeds the rows and compares the fit with brute force after every row. */
    private static void feedAndCheck(Rows rows, int steps) {
        RollingRidge ridge = new RollingRidge(N, K);
        List<double[]> history = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            double[] row = rows.next();
            ridge.add(row[0], Arrays.copyOfRange(row, 1, K + 1));
            history.add(row);
            List<double[]> window = history.subList(Math.max(0, history.size() - N), history.size());
            assertEquals(window.size(), ridge.count());
            assertEquals(history.size() >= N, ridge.full());
            assertMatches(bruteForce(window, LAMBDA), ridge.solve(LAMBDA), window, "after " + history.size() + " rows");
        }
    }

    @Test
    void matchesBruteForceAtEveryStep() {
        feedAndCheck(new Rows(31, 1e-4, 1e-2), 600);
    }

    @Test
    void matchesBruteForceOnTinyAndHugeMagnitudes() {
        feedAndCheck(new Rows(32, 1e-3, 1e-6), 300);
        feedAndCheck(new Rows(33, 1e3, 1.0), 300);
    }

    @Test
    void approachesOlsAsLambdaVanishes() {
        Rows rows = new Rows(34, 1e-4, 1e-2);
        RollingRidge ridge = new RollingRidge(N, K);
        double[] y = new double[N];
        double[][] x = new double[N][];
        for (int step = 0; step < 250; step++) {
            double[] row = rows.next();
            ridge.add(row[0], Arrays.copyOfRange(row, 1, K + 1));
            y[step % N] = row[0];
            x[step % N] = Arrays.copyOfRange(row, 1, K + 1);
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        double[] olsParameters = ols.estimateRegressionParameters();
        double[] olsB = Arrays.copyOfRange(olsParameters, 1, K + 1);
        double previousDistance = Double.POSITIVE_INFINITY;
        for (double lambda : new double[] {1e-4, 1e-6, 1e-8, 1e-10}) {
            double distance = distance(ridge.solve(lambda).coefficients(), olsB);
            assertTrue(distance < previousDistance, "lambda " + lambda + ": " + distance);
            previousDistance = distance;
        }
        RidgeFit fit = ridge.solve(0.0);
        double bScale = Arrays.stream(olsB).map(Math::abs).max().getAsDouble();
        for (int j = 0; j < K; j++) {
            assertClose(olsB[j], fit.coefficients()[j], bScale, "OLS b" + j);
        }
        assertClose(olsParameters[0], fit.alpha(), 1e-4, "OLS alpha");
        assertClose(ols.calculateRSquared(), fit.r2(), 1.0, "OLS r2");
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }

    @Test
    void constantResponseHasNoR2AndZeroCoefficients() {
        Rows rows = new Rows(35, 1e-4, 1e-2);
        RollingRidge ridge = new RollingRidge(N, K);
        for (int step = 0; step < 200; step++) {
            double[] row = rows.next();
            ridge.add(step < 100 ? row[0] : 0.002, Arrays.copyOfRange(row, 1, K + 1));
            if (step >= 100 + N - 1) {
                RidgeFit fit = ridge.solve(LAMBDA);
                assertNull(fit.r2());
                assertEquals(0.002, fit.alpha());
                assertTrue(Arrays.stream(fit.coefficients()).allMatch(b -> b == 0.0));
            }
        }
    }

    @Test
    void constantFactorGetsZeroCoefficientAndBreaksOls() {
        Rows rows = new Rows(36, 1e-4, 1e-2);
        RollingRidge ridge = new RollingRidge(N, K);
        List<double[]> history = new ArrayList<>();
        for (int step = 0; step < 300; step++) {
            double[] row = rows.next();
            if (step >= 150) {
                row[3] = 0.0005;
            }
            ridge.add(row[0], Arrays.copyOfRange(row, 1, K + 1));
            history.add(row);
        }
        List<double[]> window = history.subList(history.size() - N, history.size());
        RidgeFit fit = ridge.solve(LAMBDA);
        assertEquals(0.0, fit.coefficients()[2]);
        assertMatches(bruteForce(window, LAMBDA), fit, window, "constant factor");
        assertNull(ridge.solve(0.0), "OLS with a constant factor is singular");
    }

    @Test
    void rejectsBadArguments() {
        RollingRidge ridge = new RollingRidge(N, K);
        assertThrows(IllegalStateException.class, () -> ridge.solve(LAMBDA));
        assertThrows(IllegalArgumentException.class, () -> ridge.add(0.1, 0.1, 0.2));
        ridge.add(0.1, new double[K]);
        assertThrows(IllegalArgumentException.class, () -> ridge.solve(-1.0));
        assertThrows(IllegalArgumentException.class, () -> ridge.solve(Double.NaN));
    }

    @Test
    void isAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RollingRidge.class);
    }
}
