package org.finstream.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.descriptive.moment.Variance;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.finstream.reference.SymbolMetricsReference.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** Hand-checkable cases for {@link SymbolMetricsReference} and {@link SymbolDailyCsv}. */
class SymbolMetricsReferenceTest {
    private static final LocalDate D0 = LocalDate.of(2024, 1, 1);

    @TempDir
    Path tmp;

    private static LocalDate day(int i) {
        return D0.plusDays(i);
    }

    /** Small windows: vol 3, beta 5, ridge 5, extremes 3, volume 2; default symbols. */
    private static Params small() {
        return Params.defaults().withWindows(new int[] {3}, 5, 5, 3, 2);
    }

    /** Bars on days 0..n-1 with the given closes (high = low = close, volume 100). */
    private static void addCloses(SymbolMetricsReference ref, String symbol, double... closes) {
        for (int i = 0; i < closes.length; i++) {
            ref.addBar(symbol, day(i), closes[i], closes[i], closes[i], 100);
        }
    }

    /** Closes starting at 100 that produce (up to rounding) the given returns. */
    private static double[] closesFromReturns(double... returns) {
        double[] c = new double[returns.length + 1];
        c[0] = 100;
        for (int i = 0; i < returns.length; i++) {
            c[i + 1] = c[i] * (1 + returns[i]);
        }
        return c;
    }

    private static Double value(Map<String, SortedMap<LocalDate, Map<String, Double>>> rows, String symbol,
                                LocalDate date, String column) {
        Map<String, Double> row = rows.get(symbol).get(date);
        assertNotNull(row, "no row " + symbol + " " + date);
        assertTrue(row.containsKey(column), "no column " + column);
        return row.get(column);
    }

    private static void assertClose(double want, Double got, double relTol) {
        assertNotNull(got, "expected " + want + ", got null");
        assertEquals(want, got, relTol * Math.abs(want) + 1e-300, "want " + want + " got " + got);
    }

    private static double sampleSd(double... v) {
        double m = 0;
        for (double x : v) {
            m += x;
        }
        m /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    private static double handBeta(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }

    // ---------------------------------------------------------------------------------- columns

    @Test
    void defaultColumnsInExportOrder() {
        assertEquals(List.of("vol_21", "vol_63", "vol_252", "beta_mkt_90", "beta_rates_90", "high_52w", "low_52w",
                "avg_volume_30", "beta_size", "beta_value", "beta_momentum", "beta_quality", "beta_low_vol", "alpha",
                "r2", "exp_mkt", "exp_size", "exp_value", "exp_momentum", "exp_quality", "exp_low_vol"),
                Params.defaults().columns());
        assertEquals(List.of("vol_3", "beta_mkt_5", "beta_rates_5", "high_52w", "low_52w", "avg_volume_2",
                "beta_size", "beta_value", "beta_momentum", "beta_quality", "beta_low_vol", "alpha", "r2", "exp_mkt",
                "exp_size", "exp_value", "exp_momentum", "exp_quality", "exp_low_vol"), small().columns());
        assertEquals("QQQ", Params.defaults().withBenchmark("QQQ").benchmark());
        assertEquals("IEF", Params.defaults().withRatesProxy("IEF").ratesProxy());
        assertThrows(IllegalArgumentException.class,
                () -> Params.defaults().withSpreads(new LinkedHashMap<>(), List.of("size")));
    }

    @Test
    void everyRowHasCloseReturnThenTheColumnsInOrder() {
        SymbolMetricsReference ref = new SymbolMetricsReference(small());
        addCloses(ref, "AAA", 10, 11, 12);
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = ref.compute();
        List<String> expected = new ArrayList<>(List.of("close", "return"));
        expected.addAll(small().columns());
        assertEquals(3, rows.get("AAA").size());
        for (Map<String, Double> row : rows.get("AAA").values()) {
            assertEquals(expected, new ArrayList<>(row.keySet()));
        }
        assertEquals(12.0, value(rows, "AAA", day(2), "close"));
        assertThrows(IllegalArgumentException.class, () -> ref.addBar("AAA", day(1), 1, 1, 1, 1));
    }

    // ---------------------------------------------------------------------------------- returns

    @Test
    void splitAndDividendOnTheBarDate() {
        SymbolMetricsReference ref = new SymbolMetricsReference(small());
        addCloses(ref, "AAA", 100, 52, 53);
        ref.addAction("AAA", day(1), "split", 2);
        ref.addAction("AAA", day(1), "DIVIDEND", 1);
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = ref.compute();
        assertNull(value(rows, "AAA", day(0), "return"));
        assertClose((52.0 + 1) * 2 / 100 - 1, value(rows, "AAA", day(1), "return"), 1e-15); // 0.06
        assertClose(0.06, value(rows, "AAA", day(1), "return"), 1e-14);
        assertClose(53.0 / 52 - 1, value(rows, "AAA", day(2), "return"), 1e-15); // the ex-date is behind
    }

    @Test
    void twoExDatesBetweenBarsFoldIntoOneSplitAndDividend() {
        SymbolMetricsReference ref = new SymbolMetricsReference(small());
        ref.addBar("AAA", day(0), 100, 100, 100, 1);
        ref.addBar("AAA", day(7), 20, 20, 20, 1);
        ref.addAction("AAA", day(3), "split", 2);
        ref.addAction("AAA", day(3), "dividend", 1);
        ref.addAction("AAA", day(4), "split", 3);
        ref.addAction("AAA", day(4), "dividend", 0.5);
        ref.addAction("AAA", day(0), "split", 10); // on the first bar: ignored
        ref.addAction("AAA", day(9), "dividend", 5); // after the last bar: ignored
        // s = 2 * 3 = 6, D = 1/3 + 0.5; r = (20 + 5/6) * 6 / 100 - 1 = 0.25
        Double r = value(ref.compute(), "AAA", day(7), "return");
        assertClose((20 + (1.0 / 3 + 0.5)) * 6 / 100 - 1, r, 1e-15);
        assertClose(0.25, r, 1e-14);
    }

    @Test
    void sameExDateActionsCombineBeforeFolding() {
        SymbolMetricsReference ref = new SymbolMetricsReference(small());
        ref.addBar("AAA", day(0), 100, 100, 100, 1);
        ref.addBar("AAA", day(5), 30, 30, 30, 1);
        // day 2: two dividends and two splits combine into s_e = 4, D_e = 2; day 3: split 0.5, dividend 1
        ref.addAction("AAA", day(2), "dividend", 1.5);
        ref.addAction("AAA", day(2), "split", 2);
        ref.addAction("AAA", day(2), "dividend", 0.5);
        ref.addAction("AAA", day(2), "split", 2);
        ref.addAction("AAA", day(3), "split", 0.5);
        ref.addAction("AAA", day(3), "dividend", 1);
        // after day 2: s = 4, D = 2; after day 3: D = 2 / 0.5 + 1 = 5, s = 2
        assertClose((30.0 + 5) * 2 / 100 - 1, value(ref.compute(), "AAA", day(5), "return"), 1e-15);
    }

    // ---------------------------------------------------------------------------------- volatility

    @Test
    void volatilityIsTheAnnualizedSampleSdOfTheLastNReturns() {
        SymbolMetricsReference ref = new SymbolMetricsReference(small());
        double[] closes = {100, 101, 99.5, 102, 101.25, 104};
        addCloses(ref, "AAA", closes);
        double[] r = new double[closes.length];
        for (int i = 1; i < closes.length; i++) {
            r[i] = closes[i] / closes[i - 1] - 1;
        }
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = ref.compute();
        for (int i = 0; i < 3; i++) {
            assertNull(value(rows, "AAA", day(i), "vol_3"), "only " + i + " returns on day " + i);
        }
        for (int i = 3; i < closes.length; i++) {
            double want = sampleSd(r[i - 2], r[i - 1], r[i]) * Math.sqrt(252);
            assertClose(want, value(rows, "AAA", day(i), "vol_3"), 1e-12);
        }
        // by hand for day 3: returns 0.01, -0.0148514851..., 0.0251256281...
        double a = 0.01;
        double b = 99.5 / 101 - 1;
        double c = 102 / 99.5 - 1;
        double m = (a + b + c) / 3;
        double hand = Math.sqrt(((a - m) * (a - m) + (b - m) * (b - m) + (c - m) * (c - m)) / 2 * 252);
        assertClose(hand, value(rows, "AAA", day(3), "vol_3"), 1e-12);
    }

    @Test
    void volatilityOfConstantReturnsIsZero() {
        SymbolMetricsReference ref = new SymbolMetricsReference(small());
        addCloses(ref, "AAA", 7, 7, 7, 7, 7);
        assertEquals(0.0, value(ref.compute(), "AAA", day(4), "vol_3"));
    }

    // ---------------------------------------------------------------------------------- betas

    private static final double[] SPY_RETURNS = {0.01, -0.02, 0.015, 0.003, -0.007, 0.012, -0.011, 0.004, 0.009};

    @Test
    void betaIsTwoWhenReturnsAreTwiceTheBenchmarks() {
        SymbolMetricsReference ref = new SymbolMetricsReference(small());
        double[] twice = new double[SPY_RETURNS.length];
        for (int i = 0; i < twice.length; i++) {
            twice[i] = 2 * SPY_RETURNS[i];
        }
        addCloses(ref, "SPY", closesFromReturns(SPY_RETURNS));
        addCloses(ref, "AAA", closesFromReturns(twice));
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = ref.compute();
        for (int i = 0; i <= SPY_RETURNS.length; i++) {
            Double beta = value(rows, "AAA", day(i), "beta_mkt_5");
            if (i < 5) {
                assertNull(beta, "fewer than 5 common dates on day " + i);
            } else {
                assertClose(2.0, beta, 1e-12);
                assertClose(1.0, value(rows, "SPY", day(i), "beta_mkt_5"), 1e-15);
            }
            assertNull(value(rows, "AAA", day(i), "beta_rates_5"), "no TLT at all");
        }
    }

    @Test
    void betaIsNullWhenTheBenchmarkReturnIsConstant() {
        SymbolMetricsReference ref = new SymbolMetricsReference(small());
        addCloses(ref, "SPY", 50, 50, 50, 50, 50, 50, 50, 50);
        addCloses(ref, "AAA", closesFromReturns(0.01, -0.02, 0.015, 0.003, -0.007, 0.012, -0.011));
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = ref.compute();
        for (int i = 0; i < 8; i++) {
            assertNull(value(rows, "AAA", day(i), "beta_mkt_5"));
        }
        assertNotNull(value(rows, "AAA", day(7), "vol_3"));
        // same when the constant is not 0 and not exactly representable as a mean
        SymbolMetricsReference ref2 = new SymbolMetricsReference(small());
        double[] spy = new double[8];
        spy[0] = 1;
        for (int i = 1; i < 8; i++) {
            spy[i] = spy[i - 1] * 2; // return exactly 1 every day
        }
        addCloses(ref2, "SPY", spy);
        addCloses(ref2, "AAA", closesFromReturns(0.01, -0.02, 0.015, 0.003, -0.007, 0.012, -0.011));
        assertNull(value(ref2.compute(), "AAA", day(7), "beta_mkt_5"));
    }

    @Test
    void betaUsesCommonDatesAndEveryRowCarriesTheBetaAsOfItsDate() {
        Params p = Params.defaults().withWindows(new int[] {3}, 3, 3, 3, 2);
        SymbolMetricsReference ref = new SymbolMetricsReference(p);
        double[] aaa = {100, 102, 101, 104, 103, 107, 106};
        double[] spy = {200, 201, 203, 202, Double.NaN, 206, 205}; // no SPY bar on day 4
        for (int i = 0; i < aaa.length; i++) {
            ref.addBar("AAA", day(i), aaa[i], aaa[i], aaa[i], 1);
            if (!Double.isNaN(spy[i])) {
                ref.addBar("SPY", day(i), spy[i], spy[i], spy[i], 1);
            }
        }
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = ref.compute();
        double[] ra = new double[aaa.length];
        for (int i = 1; i < aaa.length; i++) {
            ra[i] = aaa[i] / aaa[i - 1] - 1;
        }
        double s1 = spy[1] / spy[0] - 1;
        double s2 = spy[2] / spy[1] - 1;
        double s3 = spy[3] / spy[2] - 1;
        double s5 = spy[5] / spy[3] - 1; // SPY's previous bar is day 3
        double s6 = spy[6] / spy[5] - 1;
        assertFalse(rows.get("SPY").containsKey(day(4)));
        assertNull(value(rows, "AAA", day(2), "beta_mkt_3"));
        double beta3 = handBeta(new double[] {s1, s2, s3}, new double[] {ra[1], ra[2], ra[3]});
        assertClose(beta3, value(rows, "AAA", day(3), "beta_mkt_3"), 1e-12);
        // day 4 is not a common date: its row carries the beta as of day 4, i.e. over days 1-3
        assertClose(beta3, value(rows, "AAA", day(4), "beta_mkt_3"), 1e-12);
        assertClose(handBeta(new double[] {s2, s3, s5}, new double[] {ra[2], ra[3], ra[5]}),
                value(rows, "AAA", day(5), "beta_mkt_3"), 1e-12);
        assertClose(handBeta(new double[] {s3, s5, s6}, new double[] {ra[3], ra[5], ra[6]}),
                value(rows, "AAA", day(6), "beta_mkt_3"), 1e-12);
    }

    @Test
    void spreadBetaUsesTheDifferenceOfTwoSymbolsReturns() {
        LinkedHashMap<String, String[]> spreads = new LinkedHashMap<>();
        spreads.put("size", new String[] {"IWM", "SPY"});
        spreads.put("odd", new String[] {"IWM", "TLT"});
        Params p = small().withSpreads(spreads, List.of("mkt", "size"));
        assertEquals(List.of("vol_3", "beta_mkt_5", "beta_rates_5", "high_52w", "low_52w", "avg_volume_2",
                "beta_size", "beta_odd", "alpha", "r2", "exp_mkt", "exp_size"), p.columns());
        SymbolMetricsReference ref = new SymbolMetricsReference(p);
        double[] iwm = {0.012, -0.01, 0.02, 0.001, -0.004, 0.016, -0.013, 0.006, 0.002};
        double[] aaa = new double[iwm.length];
        double[] spread = new double[iwm.length];
        for (int i = 0; i < iwm.length; i++) {
            spread[i] = iwm[i] - SPY_RETURNS[i];
            aaa[i] = 3 * spread[i] + 0.001;
        }
        addCloses(ref, "SPY", closesFromReturns(SPY_RETURNS));
        addCloses(ref, "IWM", closesFromReturns(iwm));
        addCloses(ref, "AAA", closesFromReturns(aaa));
        ref.addBar("BBB", day(0), 10, 10, 10, 1); // other days: see below
        double[] bbb = {10, 10.2, 10.1, 10.4, 10.3, 10.0, 10.5, 10.45, 10.6, 10.2};
        for (int i = 1; i < bbb.length; i++) {
            ref.addBar("BBB", day(i), bbb[i], bbb[i], bbb[i], 1);
        }
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = ref.compute();
        assertClose(3.0, value(rows, "AAA", day(9), "beta_size"), 1e-9);
        assertNull(value(rows, "AAA", day(9), "beta_odd"), "TLT has no bars, so the spread is never defined");
        // hand-computed from the reference's own returns of the legs
        double[] x = new double[5];
        double[] y = new double[5];
        for (int k = 0; k < 5; k++) {
            LocalDate d = day(5 + k);
            x[k] = value(rows, "IWM", d, "return") - value(rows, "SPY", d, "return");
            y[k] = value(rows, "BBB", d, "return");
        }
        assertClose(handBeta(x, y), value(rows, "BBB", day(9), "beta_size"), 1e-12);
    }

    // ---------------------------------------------------------------------------------- ridge

    /** Factors mkt (SPY) and rates (TLT), window 10. */
    private static Params ridgeParams(double lambda) {
        return Params.defaults().withWindows(new int[] {3}, 5, 10, 3, 2)
                .withSpreads(new LinkedHashMap<>(), List.of("mkt", "rates")).withRidgeLambda(lambda);
    }

    @Test
    void ridgeWithTinyLambdaRecoversExactCoefficients() {
        SymbolMetricsReference ref = new SymbolMetricsReference(ridgeParams(1e-12));
        Random rnd = new Random(7);
        int n = 14;
        double[] x1 = new double[n];
        double[] x2 = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x1[i] = 0.02 * rnd.nextGaussian();
            x2[i] = 0.01 * rnd.nextGaussian();
            y[i] = 0.5 + 1.5 * x1[i] - 2 * x2[i];
        }
        addCloses(ref, "SPY", closesFromReturns(x1));
        addCloses(ref, "TLT", closesFromReturns(x2));
        addCloses(ref, "AAA", closesFromReturns(y));
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = ref.compute();
        for (int i = 0; i < 10; i++) {
            assertNull(value(rows, "AAA", day(i), "alpha"));
            assertNull(value(rows, "AAA", day(i), "r2"));
            assertNull(value(rows, "AAA", day(i), "exp_mkt"));
        }
        for (int i = 10; i <= n; i++) {
            assertClose(0.5, value(rows, "AAA", day(i), "alpha"), 1e-8);
            assertClose(1.5, value(rows, "AAA", day(i), "exp_mkt"), 1e-8);
            assertClose(-2.0, value(rows, "AAA", day(i), "exp_rates"), 1e-8);
            assertClose(1.0, value(rows, "AAA", day(i), "r2"), 1e-12);
        }
    }

    @Test
    void ridgeMatchesTheNormalEquationsBuiltByHand() {
        double lambda = 1e-4;
        SymbolMetricsReference ref = new SymbolMetricsReference(ridgeParams(lambda));
        Random rnd = new Random(11);
        int n = 16;
        double[] x1 = new double[n];
        double[] x2 = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x1[i] = 0.015 * rnd.nextGaussian();
            x2[i] = 0.5 * x1[i] + 0.01 * rnd.nextGaussian();
            y[i] = 0.001 + 0.8 * x1[i] + 0.3 * x2[i] + 0.01 * rnd.nextGaussian();
        }
        addCloses(ref, "SPY", closesFromReturns(x1));
        addCloses(ref, "TLT", closesFromReturns(x2));
        addCloses(ref, "AAA", closesFromReturns(y));
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = ref.compute();
        for (int end = 10; end <= n; end++) {
            double[] a = new double[10];
            double[] b = new double[10];
            double[] t = new double[10];
            for (int k = 0; k < 10; k++) {
                LocalDate d = day(end - 9 + k);
                a[k] = value(rows, "SPY", d, "return");
                b[k] = value(rows, "TLT", d, "return");
                t[k] = value(rows, "AAA", d, "return");
            }
            double ma = 0;
            double mb = 0;
            double mt = 0;
            for (int k = 0; k < 10; k++) {
                ma += a[k] / 10;
                mb += b[k] / 10;
                mt += t[k] / 10;
            }
            double saa = 0;
            double sab = 0;
            double sbb = 0;
            double sat = 0;
            double sbt = 0;
            double stt = 0;
            for (int k = 0; k < 10; k++) {
                saa += (a[k] - ma) * (a[k] - ma);
                sab += (a[k] - ma) * (b[k] - mb);
                sbb += (b[k] - mb) * (b[k] - mb);
                sat += (a[k] - ma) * (t[k] - mt);
                sbt += (b[k] - mb) * (t[k] - mt);
                stt += (t[k] - mt) * (t[k] - mt);
            }
            // [saa+l, sab; sab, sbb+l]^-1 [sat; sbt] by the 2x2 inverse formula
            double m11 = saa + lambda;
            double m22 = sbb + lambda;
            double det = m11 * m22 - sab * sab;
            double b1 = (m22 * sat - sab * sbt) / det;
            double b2 = (m11 * sbt - sab * sat) / det;
            double alpha = mt - (ma * b1 + mb * b2);
            double sse = 0;
            for (int k = 0; k < 10; k++) {
                double e = (t[k] - mt) - (b1 * (a[k] - ma) + b2 * (b[k] - mb));
                sse += e * e;
            }
            double r2 = 1 - sse / stt;
            LocalDate d = day(end);
            assertClose(b1, value(rows, "AAA", d, "exp_mkt"), 1e-10);
            assertClose(b2, value(rows, "AAA", d, "exp_rates"), 1e-10);
            assertClose(alpha, value(rows, "AAA", d, "alpha"), 1e-9);
            assertClose(r2, value(rows, "AAA", d, "r2"), 1e-10);
            assertTrue(r2 > 0 && r2 < 1, "not a perfect fit: " + r2);
            // lambda shrinks the fit: b differs from ordinary least squares
            double ols1 = (sbb * sat - sab * sbt) / (saa * sbb - sab * sab);
            assertTrue(Math.abs(ols1 - b1) > 1e-6 * Math.abs(ols1), "lambda has an effect");
        }
    }

    @Test
    void ridgeR2IsNullWhenYIsConstantAndRowsNeedEveryFactor() {
        SymbolMetricsReference ref = new SymbolMetricsReference(ridgeParams(1e-4));
        Random rnd = new Random(3);
        double[] x1 = new double[13];
        double[] x2 = new double[13];
        for (int i = 0; i < 13; i++) {
            x1[i] = 0.01 * rnd.nextGaussian();
            x2[i] = 0.01 * rnd.nextGaussian();
        }
        addCloses(ref, "SPY", closesFromReturns(x1));
        double[] tlt = closesFromReturns(x2);
        for (int i = 0; i < tlt.length; i++) {
            if (i != 4) { // no TLT bar on day 4: its day-5 return spans days 3 to 5
                ref.addBar("TLT", day(i), tlt[i], tlt[i], tlt[i], 1);
            }
        }
        addCloses(ref, "FLAT", 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20);
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = ref.compute();
        // rows with all factors: days 1-3, 5-13; the 10th is day 11
        assertNull(value(rows, "FLAT", day(10), "alpha"));
        assertNotNull(value(rows, "FLAT", day(11), "alpha"));
        assertNull(value(rows, "FLAT", day(11), "r2"));
        assertEquals(0.0, value(rows, "FLAT", day(11), "exp_mkt"), 0.0);
        assertEquals(0.0, value(rows, "FLAT", day(11), "exp_rates"), 0.0);
        assertEquals(0.0, value(rows, "FLAT", day(11), "alpha"), 0.0);
    }

    // ---------------------------------------------------------------------------------- bars windows

    @Test
    void highLowAndAverageVolumeOverTheLastBars() {
        SymbolMetricsReference ref = new SymbolMetricsReference(small()); // extremes 3, volume 2
        double[][] hlcv = {{11, 9, 10, 100}, {12, 10, 11, 300}, {10.5, 8, 9, 200}, {10, 9.5, 9.8, 50},
            {13, 9.9, 12, 0}};
        for (int i = 0; i < hlcv.length; i++) {
            ref.addBar("AAA", day(i), hlcv[i][0], hlcv[i][1], hlcv[i][2], hlcv[i][3]);
        }
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = ref.compute();
        assertNull(value(rows, "AAA", day(0), "high_52w"));
        assertNull(value(rows, "AAA", day(1), "low_52w"));
        assertNull(value(rows, "AAA", day(0), "avg_volume_2"));
        assertEquals(200.0, value(rows, "AAA", day(1), "avg_volume_2"));
        assertEquals(12.0, value(rows, "AAA", day(2), "high_52w"));
        assertEquals(8.0, value(rows, "AAA", day(2), "low_52w"));
        assertEquals(250.0, value(rows, "AAA", day(2), "avg_volume_2"));
        assertEquals(12.0, value(rows, "AAA", day(3), "high_52w"));
        assertEquals(8.0, value(rows, "AAA", day(3), "low_52w"));
        assertEquals(125.0, value(rows, "AAA", day(3), "avg_volume_2"));
        assertEquals(13.0, value(rows, "AAA", day(4), "high_52w"));
        assertEquals(8.0, value(rows, "AAA", day(4), "low_52w"));
        assertEquals(25.0, value(rows, "AAA", day(4), "avg_volume_2"));
    }

    @Test
    void defaultWindowsAreNullUntilFull() {
        SymbolMetricsReference ref = new SymbolMetricsReference(Params.defaults());
        Random rnd = new Random(5);
        double[] r = new double[99];
        double[] r2 = new double[99];
        for (int i = 0; i < r.length; i++) {
            r[i] = 0.01 * rnd.nextGaussian();
            r2[i] = 0.01 * rnd.nextGaussian();
        }
        addCloses(ref, "AAA", closesFromReturns(r));
        addCloses(ref, "SPY", closesFromReturns(r2));
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = ref.compute();
        assertEquals(100, rows.get("AAA").size());
        assertNull(value(rows, "AAA", day(20), "vol_21"));
        assertNotNull(value(rows, "AAA", day(21), "vol_21"));
        assertNull(value(rows, "AAA", day(62), "vol_63"));
        assertNotNull(value(rows, "AAA", day(63), "vol_63"));
        assertNull(value(rows, "AAA", day(28), "avg_volume_30"));
        assertNotNull(value(rows, "AAA", day(29), "avg_volume_30"));
        assertNull(value(rows, "AAA", day(89), "beta_mkt_90"));
        assertNotNull(value(rows, "AAA", day(90), "beta_mkt_90"));
        for (String c : List.of("vol_252", "high_52w", "low_52w", "beta_rates_90", "beta_size", "alpha", "r2",
                "exp_mkt", "exp_low_vol")) {
            assertNull(value(rows, "AAA", day(99), c), c);
        }
    }

    @Test
    void aThirtySymbolTwoThousandDayUniverseIsFastAndConsistent() {
        Params p = Params.defaults();
        SymbolMetricsReference ref = new SymbolMetricsReference(p);
        Random rnd = new Random(42);
        List<String> symbols = new ArrayList<>(List.of("SPY", "TLT", "IWM", "IWD", "IWF", "MTUM", "QUAL", "USMV"));
        for (int i = symbols.size(); i < 30; i++) {
            symbols.add("S" + i);
        }
        int days = 2000;
        for (String s : symbols) {
            double c = 50 + 100 * rnd.nextDouble();
            for (int d = 0; d < days; d++) {
                if (d > 0 && rnd.nextDouble() < 0.01) {
                    continue; // an occasional missing day
                }
                c *= 1 + 0.015 * rnd.nextGaussian();
                double close = Math.round(c * 100) / 100.0;
                ref.addBar(s, day(d), close * 1.01, close * 0.99, close, 1000 + rnd.nextInt(100000));
            }
        }
        ref.addAction("S9", day(500), "split", 2);
        ref.addAction("S9", day(800), "dividend", 0.4);
        long t0 = System.nanoTime();
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = ref.compute();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("reference over 30 symbols x 2000 days: " + millis + " ms");
        assertEquals(30, rows.size());
        int checked = 0;
        for (Map<String, Double> row : rows.get("SPY").values()) {
            if (row.get("beta_mkt_90") != null) {
                assertClose(1.0, row.get("beta_mkt_90"), 1e-14);
                checked++;
            }
        }
        assertTrue(checked > 1500);
        SortedMap<LocalDate, Map<String, Double>> s20 = rows.get("S20");
        Map<String, Double> last = s20.get(s20.lastKey());
        for (String c : p.columns()) {
            assertNotNull(last.get(c), c);
        }
        assertTrue(last.get("r2") >= 0 && last.get("r2") <= 1);
        assertTrue(last.get("low_52w") <= last.get("close") && last.get("close") <= last.get("high_52w"));
    }

    /** A second oracle: Commons Math's statistics and OLS (ridge as OLS on rows augmented with sqrt(lambda) I). */
    @Test
    void agreesWithCommonsMathOnRandomDataWithGaps() {
        Params p = Params.defaults();
        SymbolMetricsReference ref = new SymbolMetricsReference(p);
        Random rnd = new Random(2024);
        List<String> symbols = List.of("SPY", "TLT", "IWM", "IWD", "IWF", "MTUM", "QUAL", "USMV", "AAA", "BBB");
        int days = 420;
        for (String s : symbols) {
            double c = 100;
            for (int d = 0; d < days; d++) {
                if (d > 0 && rnd.nextDouble() < 0.03) {
                    continue;
                }
                c *= 1 + 0.01 * rnd.nextGaussian();
                ref.addBar(s, day(d), c * 1.01, c * 0.99, c, 1 + rnd.nextInt(1000));
            }
        }
        ref.addAction("AAA", day(200), "split", 3);
        ref.addAction("AAA", day(300), "dividend", 0.7);
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = ref.compute();
        BiFunction<String, LocalDate, Double> ret = (s, d) -> {
            Map<String, Double> row = rows.get(s).get(d);
            return row == null ? null : row.get("return");
        };
        String[][] spreads = {{"IWM", "SPY"}, {"IWD", "IWF"}, {"MTUM", "SPY"}, {"QUAL", "SPY"}, {"USMV", "SPY"}};
        for (String symbol : List.of("AAA", "BBB")) {
            List<LocalDate> dates = new ArrayList<>(rows.get(symbol).keySet());
            for (int k = 300; k < dates.size(); k += 17) {
                LocalDate d = dates.get(k);
                // vol_63: the last 63 returns
                List<Double> rs = new ArrayList<>();
                for (int j = k; j >= 0 && rs.size() < 63; j--) {
                    Double r = ret.apply(symbol, dates.get(j));
                    if (r != null) {
                        rs.add(r);
                    }
                }
                double[] r63 = rs.stream().mapToDouble(Double::doubleValue).toArray();
                assertClose(new StandardDeviation().evaluate(r63)
                        * Math.sqrt(252), value(rows, symbol, d, "vol_63"), 1e-10);
                // beta_mkt_90 and the ridge over the last 90 usable dates, selected here independently
                List<double[]> betaRows = new ArrayList<>();
                List<double[]> ridgeRows = new ArrayList<>();
                for (int j = k; j >= 0 && (betaRows.size() < 90 || ridgeRows.size() < 90); j--) {
                    LocalDate e = dates.get(j);
                    Double y = ret.apply(symbol, e);
                    Double m = ret.apply("SPY", e);
                    if (y == null || m == null) {
                        continue;
                    }
                    if (betaRows.size() < 90) {
                        betaRows.add(new double[] {m, y});
                    }
                    double[] xr = new double[7];
                    xr[0] = m;
                    boolean ok = true;
                    for (int f = 0; f < 5 && ok; f++) {
                        Double a = ret.apply(spreads[f][0], e);
                        Double b = ret.apply(spreads[f][1], e);
                        ok = a != null && b != null;
                        xr[f + 1] = ok ? a - b : 0;
                    }
                    xr[6] = y;
                    if (ok && ridgeRows.size() < 90) {
                        ridgeRows.add(xr);
                    }
                }
                double[] bx = betaRows.stream().mapToDouble(v -> v[0]).toArray();
                double[] by = betaRows.stream().mapToDouble(v -> v[1]).toArray();
                double wantBeta = new Covariance().covariance(bx, by)
                        / new Variance().evaluate(bx);
                assertClose(wantBeta, value(rows, symbol, d, "beta_mkt_90"), 1e-10);

                // ridge = OLS without intercept on the de-meaned rows augmented with sqrt(lambda) I
                assertEquals(90, ridgeRows.size());
                double[] mean = new double[7];
                for (double[] row : ridgeRows) {
                    for (int c = 0; c < 7; c++) {
                        mean[c] += row[c] / 90;
                    }
                }
                double[][] xa = new double[96][6];
                double[] ya = new double[96];
                for (int i = 0; i < 90; i++) {
                    for (int c = 0; c < 6; c++) {
                        xa[i][c] = ridgeRows.get(i)[c] - mean[c];
                    }
                    ya[i] = ridgeRows.get(i)[6] - mean[6];
                }
                for (int c = 0; c < 6; c++) {
                    xa[90 + c][c] = Math.sqrt(1e-4);
                }
                OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
                ols.setNoIntercept(true);
                ols.newSampleData(ya, xa);
                double[] b = ols.estimateRegressionParameters();
                double alpha = mean[6];
                double sse = 0;
                double sst = 0;
                for (int i = 0; i < 90; i++) {
                    double fit = 0;
                    for (int c = 0; c < 6; c++) {
                        fit += xa[i][c] * b[c];
                    }
                    sse += (ya[i] - fit) * (ya[i] - fit);
                    sst += ya[i] * ya[i];
                }
                for (int c = 0; c < 6; c++) {
                    alpha -= mean[c] * b[c];
                    assertClose(b[c], value(rows, symbol, d, "exp_" + p.factors().get(c)), 1e-10);
                }
                assertClose(alpha, value(rows, symbol, d, "alpha"), 1e-9);
                assertClose(1 - sse / sst, value(rows, symbol, d, "r2"), 1e-12);
            }
        }
    }

    // ---------------------------------------------------------------------------------- fromFolder

    private void write(String name, String... lines) throws IOException {
        Files.writeString(tmp.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void fromFolderSkipsAndCountsInvalidRows() throws IOException {
        write("prices.csv",
                "symbol,date,open,high,low,close,volume",
                "AAA,2024-01-02,10,11,9,10,1000", // ok
                "AAA,2024-01-03,10,11,9,10.5,1000", // ok
                "AAA,2024-01-03,10,11,9,10.5,1000.0", // exact duplicate: dropped, not counted
                "AAA,2024-01-03,10,11,9,10.6,1000", // conflicting duplicate: counted
                "",
                "AAA;2024-01-04;10;11;9;10;1000", // unparseable (1 field)
                "AAA,2024-01-05,10,11,9,,1000", // missing close
                "AAA,2024-01-06,n/a,11,9,10,1000", // bad number
                "AAA,2024-01-07,10,11,9,NaN,1000", // non-finite
                "AAA,2024-01-08,10,11,9,10,1e999", // overflows
                "AAA,2024/01/09,10,11,9,10,1000", // bad date
                "bad$sym,2024-01-10,10,11,9,10,1000", // bad symbol
                "AAA,2024-01-11,0,11,9,10,1000", // non-positive price
                "AAA,2024-01-12,10,9,11,10,1000", // high < low
                "AAA,2024-01-13,10,11,9,12,1000", // close outside range
                "AAA,2024-01-14,10,11,9,10,-1", // negative volume
                "AAA,2024-01-15,0x10,11,9,10,1000", // not a plain decimal
                "\"AAA,2024-01-16,10,11,9,10,1000", // unterminated quote
                "AAA,2024-01-17,10,11,9,10,1000,extra", // too many fields
                "AAA,2024-01-18,10,11,9,10.8,2000"); // ok
        // another file: header in another order and case, intraday rows, a quoted field
        write("prices_b.csv",
                "Close, SYMBOL ,date,Volume,LOW,High,open,TS",
                "11,AAA,2024-01-19,500,10,12,11,", // daily: ok
                "11,AAA,2024-01-19,500,10,12,11,2024-01-19T15:00:00Z", // intraday: ignored
                "11,BBB,2024-01-20,500,10,12,11,2024-01-20T15:00:00Z", // intraday only: no BBB bar
                "11,BBB,2024-01-20,500,10,12,11,yesterday", // bad ts: counted
                "10.6,AAA,2024-01-03,1000,9,11,10,", // conflicts with prices.csv (file order): counted
                "\"9.5\",CCC,2024-01-20,500,9,10,9.5,"); // ok
        write("corporate_actions.csv",
                "symbol,ex_date,type,value",
                "AAA,2024-01-03,Split,2", // ok (type in any case)
                "AAA,2024-01-03,split,2", // exact duplicate
                "AAA,2024-01-03,split,3", // conflicting: counted
                "AAA,2024-01-03,dividend,0.5", // ok: another type, another key
                "AAA,2024-01-18,split,0", // bad split ratio
                "AAA,2024-01-18,dividend,-0.25", // negative dividend
                "AAA,2024/01/18,dividend,0.25", // bad date
                "AAA,2024-01-18,merger,1"); // unknown type
        write("corporate_actions_z.csv", "TYPE,value,ex_date,symbol", "dividend,0.1,2024-01-18,AAA"); // ok
        write("reference.csv", "symbol,name,sector,industry,cik", "AAA,A Inc,Tech,,1"); // ignored
        write("prices.txt", "symbol,date,open,high,low,close,volume", "ZZZ,2024-01-02,1,1,1,1,1"); // ignored
        Files.createDirectory(tmp.resolve("prices_dir.csv")); // not a regular file: ignored

        SymbolMetricsReference ref = SymbolMetricsReference.fromFolder(tmp, small());
        assertEquals(22, ref.skippedRows());
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = ref.compute();
        assertEquals(List.of("AAA", "CCC"), new ArrayList<>(rows.keySet()));
        assertEquals(List.of(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3), LocalDate.of(2024, 1, 18),
                LocalDate.of(2024, 1, 19)), new ArrayList<>(rows.get("AAA").keySet()));
        assertEquals(10.5, value(rows, "AAA", LocalDate.of(2024, 1, 3), "close"), "the first bar wins");
        // split 2 (not 3) and dividend 0.5 on 01-03; dividend 0.1 on 01-18
        assertClose((10.5 + 0.5) * 2 / 10 - 1, value(rows, "AAA", LocalDate.of(2024, 1, 3), "return"), 1e-15);
        assertClose((10.8 + 0.1) / 10.5 - 1, value(rows, "AAA", LocalDate.of(2024, 1, 18), "return"), 1e-15);
        assertClose(11.0 / 10.8 - 1, value(rows, "AAA", LocalDate.of(2024, 1, 19), "return"), 1e-15);
        assertEquals(1250.0, value(rows, "AAA", LocalDate.of(2024, 1, 19), "avg_volume_2"));
        assertEquals(12.0, value(rows, "AAA", LocalDate.of(2024, 1, 19), "high_52w"));
        assertEquals(9.0, value(rows, "AAA", LocalDate.of(2024, 1, 19), "low_52w"));
        assertEquals(9.5, value(rows, "CCC", LocalDate.of(2024, 1, 20), "close"));
    }

    @Test
    void fromFolderRejectsAHeaderWithoutARequiredColumn() throws IOException {
        write("prices.csv", "symbol,date,open,high,low,volume", "AAA,2024-01-02,10,11,9,1000");
        assertThrows(IOException.class, () -> SymbolMetricsReference.fromFolder(tmp, small()));
    }

    // ---------------------------------------------------------------------------------- SymbolDailyCsv

    /** Writes rows the way the product exports them (Double.toString, empty for null). */
    private Path export(Map<String, SortedMap<LocalDate, Map<String, Double>>> rows, List<String> columns,
                        String name) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("symbol,date,close,return,provisional," + String.join(",", columns));
        rows.forEach((symbol, byDate) -> byDate.forEach((date, row) -> {
            StringBuilder b = new StringBuilder(symbol + "," + date + ",");
            b.append(row.get("close")).append(',');
            b.append(row.get("return") == null ? "" : row.get("return").toString()).append(",false");
            for (String c : columns) {
                Double v = row.get(c);
                b.append(',').append(v == null ? "" : Double.toString(v));
            }
            lines.add(b.toString());
        }));
        Path file = tmp.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static Map<String, SortedMap<LocalDate, Map<String, Double>>> copy(
            Map<String, SortedMap<LocalDate, Map<String, Double>>> rows) {
        Map<String, SortedMap<LocalDate, Map<String, Double>>> c = new TreeMap<>();
        rows.forEach((s, byDate) -> {
            SortedMap<LocalDate, Map<String, Double>> m = new TreeMap<>();
            byDate.forEach((d, row) -> m.put(d, new LinkedHashMap<>(row)));
            c.put(s, m);
        });
        return c;
    }

    private Map<String, SortedMap<LocalDate, Map<String, Double>>> sample() {
        SymbolMetricsReference ref = new SymbolMetricsReference(small());
        addCloses(ref, "SPY", closesFromReturns(SPY_RETURNS));
        addCloses(ref, "AAA", closesFromReturns(0.01, -0.02, 0.015, 0.003, -0.007, 0.012, -0.011, 0.02, 0.0));
        return ref.compute();
    }

    private static List<String> allColumns(Params p) {
        List<String> c = new ArrayList<>(List.of("close", "return"));
        c.addAll(p.columns());
        return c;
    }

    @Test
    void csvMatchesItsOwnExportAndToleratesTinyDifferences() throws IOException {
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = sample();
        Path csv = export(rows, small().columns(), "symbol_daily.csv");
        Map<String, Map<String, String>> read = SymbolDailyCsv.read(csv);
        assertEquals(20, read.size());
        assertEquals("", read.get("AAA 2024-01-01").get("return"));
        assertEquals("false", read.get("AAA 2024-01-01").get("provisional"));
        int compared = SymbolDailyCsv.assertMatches(csv, rows, allColumns(small()), 1e-9);
        int nonNull = 0;
        for (SortedMap<LocalDate, Map<String, Double>> byDate : rows.values()) {
            for (Map<String, Double> row : byDate.values()) {
                nonNull += (int) allColumns(small()).stream().filter(c -> row.get(c) != null).count();
            }
        }
        assertEquals(nonNull, compared);

        Map<String, SortedMap<LocalDate, Map<String, Double>>> nudged = copy(rows);
        Map<String, Double> row = nudged.get("AAA").get(day(8));
        row.put("vol_3", row.get("vol_3") * (1 + 1e-11));
        row.put("return", row.get("return") * (1 - 1e-11));
        assertEquals(compared, SymbolDailyCsv.assertMatches(csv, nudged, allColumns(small()), 1e-9));
    }

    @Test
    void csvComparisonFailsOnAValueBeyondTolerance() throws IOException {
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = sample();
        Path csv = export(rows, small().columns(), "symbol_daily.csv");
        Map<String, SortedMap<LocalDate, Map<String, Double>>> changed = copy(rows);
        Map<String, Double> row = changed.get("AAA").get(day(8));
        row.put("beta_mkt_5", row.get("beta_mkt_5") * (1 + 1e-8));
        row.put("avg_volume_2", 101.0);
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> SymbolDailyCsv.assertMatches(csv, changed, allColumns(small()), 1e-9));
        assertTrue(e.getMessage().contains("2 values differ"), e.getMessage());
        assertTrue(e.getMessage().contains("AAA 2024-01-09 beta_mkt_5"), e.getMessage());
        assertTrue(e.getMessage().contains("AAA 2024-01-09 avg_volume_2: got '100.0', want 101.0"), e.getMessage());
    }

    @Test
    void csvComparisonFailsOnNullAgainstAValue() throws IOException {
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = sample();
        Path csv = export(rows, small().columns(), "symbol_daily.csv");
        Map<String, SortedMap<LocalDate, Map<String, Double>>> changed = copy(rows);
        changed.get("AAA").get(day(8)).put("vol_3", null);
        changed.get("AAA").get(day(0)).put("beta_mkt_5", 1.0);
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> SymbolDailyCsv.assertMatches(csv, changed, allColumns(small()), 1e-9));
        assertTrue(e.getMessage().contains("2 values differ"), e.getMessage());
        // zeros compare equal to zeros
        Map<String, SortedMap<LocalDate, Map<String, Double>>> zero = copy(rows);
        assertEquals(0.0, zero.get("AAA").get(day(9)).get("return"));
        SymbolDailyCsv.assertMatches(csv, zero, allColumns(small()), 1e-9);
        zero.get("AAA").get(day(9)).put("return", 1e-20);
        assertThrows(AssertionFailedError.class,
                () -> SymbolDailyCsv.assertMatches(csv, zero, allColumns(small()), 1e-9));
    }

    @Test
    void csvComparisonFailsOnAMissingColumn() throws IOException {
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = sample();
        List<String> withoutAlpha = new ArrayList<>(small().columns());
        withoutAlpha.remove("alpha");
        Path csv = export(rows, withoutAlpha, "symbol_daily.csv");
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> SymbolDailyCsv.assertMatches(csv, rows, allColumns(small()), 1e-9));
        assertTrue(e.getMessage().contains("missing columns [alpha]"), e.getMessage());
        // comparing only the columns present passes
        List<String> present = new ArrayList<>(allColumns(small()));
        present.remove("alpha");
        assertTrue(SymbolDailyCsv.assertMatches(csv, rows, present, 1e-9) > 0);
    }

    @Test
    void csvComparisonFailsOnAnExtraOrMissingRow() throws IOException {
        Map<String, SortedMap<LocalDate, Map<String, Double>>> rows = sample();
        Path csv = export(rows, small().columns(), "symbol_daily.csv");
        Map<String, SortedMap<LocalDate, Map<String, Double>>> fewer = copy(rows);
        fewer.get("AAA").remove(day(3));
        AssertionFailedError extra = assertThrows(AssertionFailedError.class,
                () -> SymbolDailyCsv.assertMatches(csv, fewer, allColumns(small()), 1e-9));
        assertTrue(extra.getMessage().contains("1 unexpected rows [AAA 2024-01-04]"), extra.getMessage());

        Map<String, SortedMap<LocalDate, Map<String, Double>>> more = copy(rows);
        Map<String, Double> row = new LinkedHashMap<>(more.get("AAA").get(day(9)));
        more.get("AAA").put(day(10), row);
        AssertionFailedError missing = assertThrows(AssertionFailedError.class,
                () -> SymbolDailyCsv.assertMatches(csv, more, allColumns(small()), 1e-9));
        assertTrue(missing.getMessage().contains("1 expected rows missing [AAA 2024-01-11]"), missing.getMessage());
        assertFalse(missing.getMessage().contains("unexpected rows [A"), missing.getMessage());
    }
}
