package org.finstream.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

/**
 * Portfolio weights, weighted metrics, concentration, sector weights, vol_63 and correlations
 * against direct recomputation with Commons Math, on random histories with missing dates.
 */
class PortfolioRiskTest {
    private static final int DAYS = 250;

    /** A position with returns on random ~90% of the days 0..DAYS-1. */
    private static PortfolioRisk.Position position(Random rnd, String symbol, double value, String sector,
                                                   Double... metrics) {
        List<Long> days = new ArrayList<>();
        List<Double> returns = new ArrayList<>();
        for (long d = 0; d < DAYS; d++) {
            if (rnd.nextInt(10) != 0) {
                days.add(d);
                returns.add(rnd.nextGaussian() * 0.02);
            }
        }
        return new PortfolioRisk.Position(symbol, value, sector, metrics,
                days.stream().mapToLong(Long::longValue).toArray(), returns.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double returnOn(PortfolioRisk.Position p, long day) {
        for (int i = 0; i < p.days().length; i++) {
            if (p.days()[i] == day) {
                return p.returns()[i];
            }
        }
        return Double.NaN;
    }

    @Test
    void matchesDirectRecomputation() {
        Random rnd = new Random(8);
        List<PortfolioRisk.Position> positions = List.of(
                position(rnd, "AAA", 500, "Information Technology", 1.2, 0.5),
                position(rnd, "BBB", 300, "Health Care", 0.8, -0.2),
                position(rnd, "CCC", -100, "Information Technology", 1.5, 0.1),
                position(rnd, "DDD", 200, null, 1.0, 0.0),
                position(rnd, "EEE", 50, "Energy", 0.6, 0.3),
                position(rnd, "FFF", 50, "Energy", 0.9, 0.2));
        double mv = 1000;
        PortfolioRisk.Result r = PortfolioRisk.of(positions, mv, 2, 63, 252);

        double[] w = positions.stream().mapToDouble(p -> p.value() / mv).toArray();
        double beta = 0;
        double hhi = 0;
        for (int i = 0; i < w.length; i++) {
            beta += w[i] * positions.get(i).metrics()[0];
            hhi += w[i] * w[i];
        }
        assertEquals(beta, r.metrics()[0], 1e-15);
        assertEquals(hhi, r.hhi(), 1e-15);
        assertEquals(0.5 + 0.3 + 0.2 + 0.1 + 0.05, r.top5Weight(), 1e-15, "the five largest |w|");
        assertEquals(Map.of("information_technology", 0.4, "health_care", 0.3, "unknown", 0.2, "energy", 0.1),
                r.sectorWeights());

        // vol_63: sample covariance of the last 63 days on which every position has a return
        List<Long> common = new ArrayList<>();
        for (long d = DAYS - 1; d >= 0 && common.size() < 63; d--) {
            final long day = d;
            if (positions.stream().allMatch(p -> !Double.isNaN(returnOn(p, day)))) {
                common.add(0, d);
            }
        }
        double[][] matrix = new double[63][positions.size()];
        for (int t = 0; t < 63; t++) {
            for (int i = 0; i < positions.size(); i++) {
                matrix[t][i] = returnOn(positions.get(i), common.get(t));
            }
        }
        RealMatrix s = new Covariance(matrix).getCovarianceMatrix();
        RealVector wv = new ArrayRealVector(w);
        assertEquals(Math.sqrt(wv.dotProduct(s.operate(wv))) * Math.sqrt(252), r.vol(), 1e-12);

        for (PortfolioRisk.Correlation c : PortfolioRisk.correlations(positions, 90)) {
            PortfolioRisk.Position a = positions.stream().filter(p -> p.symbol().equals(c.symbolA())).findFirst().orElseThrow();
            PortfolioRisk.Position b = positions.stream().filter(p -> p.symbol().equals(c.symbolB())).findFirst().orElseThrow();
            List<double[]> pairs = new ArrayList<>();
            for (long d = DAYS - 1; d >= 0 && pairs.size() < 90; d--) {
                if (!Double.isNaN(returnOn(a, d)) && !Double.isNaN(returnOn(b, d))) {
                    pairs.add(new double[] {returnOn(a, d), returnOn(b, d)});
                }
            }
            double expected = new PearsonsCorrelation().correlation(pairs.stream().mapToDouble(x -> x[0]).toArray(),
                    pairs.stream().mapToDouble(x -> x[1]).toArray());
            assertEquals(expected, c.correlation(), 1e-12, c.symbolA() + "/" + c.symbolB());
        }
        assertEquals(15, PortfolioRisk.correlations(positions, 90).size());
    }

    @Test
    void theWeightedBetaIsTheBetaOfTheHoldingsHypotheticalReturns() {
        // beta of sum(w_i r_i) on the market equals sum(w_i beta_i) over the same dates: OLS is linear in y
        Random rnd = new Random(2);
        int n = 90;
        double[] market = new double[n];
        double[][] r = new double[3][n];
        double[] w = {0.5, 0.3, 0.2};
        for (int t = 0; t < n; t++) {
            market[t] = rnd.nextGaussian() * 0.01;
            for (int i = 0; i < 3; i++) {
                r[i][t] = (0.5 + i) * market[t] + rnd.nextGaussian() * 0.01;
            }
        }
        double weighted = 0;
        double[] portfolio = new double[n];
        for (int i = 0; i < 3; i++) {
            RollingCoMoments m = new RollingCoMoments(n);
            for (int t = 0; t < n; t++) {
                m.add(market[t], r[i][t]);
                portfolio[t] += w[i] * r[i][t];
            }
            weighted += w[i] * m.beta();
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        double[][] x = new double[n][1];
        for (int t = 0; t < n; t++) {
            x[t][0] = market[t];
        }
        ols.newSampleData(portfolio, x);
        assertEquals(ols.estimateRegressionParameters()[1], weighted, 1e-12);
    }

    @Test
    void nullsWhenAMetricIsUnknownOrTheMarketValueIsZero() {
        Random rnd = new Random(1);
        List<PortfolioRisk.Position> positions = List.of(position(rnd, "AAA", 100, "X", 1.0),
                position(rnd, "BBB", 100, "X", (Double) null));
        PortfolioRisk.Result r = PortfolioRisk.of(positions, 200, 1, 63, 252);
        assertNull(r.metrics()[0], "one position's beta is unknown");
        PortfolioRisk.Result zero = PortfolioRisk.of(List.of(position(rnd, "AAA", 100, "X", 1.0),
                position(rnd, "BBB", -100, "X", 1.0)), 0, 1, 63, 252);
        assertNull(zero.metrics()[0]);
        assertNull(zero.vol());
        assertNull(zero.hhi());
    }
}
