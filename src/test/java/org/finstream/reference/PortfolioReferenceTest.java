package org.finstream.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.finstream.ingest.CsvLine;
import org.finstream.reference.SymbolMetricsReference.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** Hand-checkable cases for {@link PortfolioReference} and its CSV comparisons. */
class PortfolioReferenceTest {
    private static final LocalDate D0 = LocalDate.of(2024, 1, 1);
    private static final double TIGHT = 1e-14;

    @TempDir
    Path tmp;

    private static LocalDate day(int i) {
        return D0.plusDays(i);
    }

    /** One spread (size = IWM - SPY), ridge on mkt only; vol 3, beta 3, ridge 3, extremes 1, volume 1. */
    private static Params small() {
        LinkedHashMap<String, String[]> spreads = new LinkedHashMap<>();
        spreads.put("size", new String[] {"IWM", "SPY"});
        return Params.defaults().withSpreads(spreads, List.of("mkt")).withWindows(new int[] {3}, 3, 3, 1, 1);
    }

    /** Portfolio vol over 3 dates, correlations over 4. */
    private static PortfolioReference smallRef() {
        return new PortfolioReference(small(), 3, 4);
    }

    /** Bars on consecutive days from {@code firstDay} (high = low = close). */
    private static void bars(PortfolioReference ref, String symbol, int firstDay, double... closes) {
        for (int i = 0; i < closes.length; i++) {
            ref.addBar(symbol, day(firstDay + i), closes[i], closes[i], closes[i], 100);
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

    private static Map<String, Object> row(PortfolioReference ref, String portfolio, int day) {
        SortedMap<LocalDate, Map<String, Object>> rows = ref.daily().get(portfolio);
        assertNotNull(rows, "no rows for " + portfolio);
        Map<String, Object> row = rows.get(day(day));
        assertNotNull(row, "no row " + portfolio + " " + day(day) + " (rows: " + rows.keySet() + ")");
        return row;
    }

    private static Double get(PortfolioReference ref, String portfolio, int day, String column) {
        Map<String, Object> row = row(ref, portfolio, day);
        assertTrue(row.containsKey(column), "no column " + column + " in " + row.keySet());
        return (Double) row.get(column);
    }

    private static void assertClose(double want, Double got, double relTol) {
        assertNotNull(got, "expected " + want + ", got null");
        assertEquals(want, got, relTol * Math.abs(want) + 1e-300, "want " + want + " got " + got);
    }

    private static List<LocalDate> dates(PortfolioReference ref, String portfolio) {
        return new ArrayList<>(ref.daily().get(portfolio).keySet());
    }

    private static Double symbolValue(PortfolioReference ref, String symbol, int day, String column) {
        return ref.symbolRows().get(symbol).get(day(day)).get(column);
    }

    // ---------------------------------------------------------------------------------- columns

    @Test
    void defaultColumnsInExportOrderWithTheSectorsSeen() {
        PortfolioReference ref = new PortfolioReference(Params.defaults());
        bars(ref, "AAA", 0, 10);
        bars(ref, "BBB", 0, 20);
        ref.addSector("AAA", "Information Technology");
        ref.addSector("ZZZ", "Utilities"); // never held: no column
        ref.addTrade("P1", "AAA", day(0), 1, 10);
        ref.addTrade("P1", "BBB", day(0), 1, 20); // no reference data: unknown
        assertEquals(List.of("market_value", "gross_exposure", "pnl", "equity", "return", "beta_mkt_90",
                "beta_rates_90", "vol_63", "top5_weight", "hhi", "beta_size", "beta_value", "beta_momentum",
                "beta_quality", "beta_low_vol", "alpha", "exp_mkt", "exp_size", "exp_value", "exp_momentum",
                "exp_quality", "exp_low_vol", "sector_information_technology", "sector_unknown"),
                ref.dailyColumns());
        assertEquals(ref.dailyColumns(), new ArrayList<>(row(ref, "P1", 0).keySet()));
    }

    @Test
    void sectorNamesAreLowerCaseWithRunsOfOtherCharactersReplaced() {
        assertEquals("information_technology", PortfolioReference.sectorName("Information Technology"));
        assertEquals("health_care", PortfolioReference.sectorName("Health--Care"));
        assertEquals("consumer_staples_co", PortfolioReference.sectorName("Consumer  Staples & Co."));
        assertEquals("energy", PortfolioReference.sectorName(" Energy"));
        assertEquals("s_p_500", PortfolioReference.sectorName("S&P 500"));
    }

    // ---------------------------------------------------------------------------------- values and P&L

    @Test
    void pnlCountsTheCashFlowOfTheDaysTrades() {
        PortfolioReference ref = smallRef();
        bars(ref, "AAA", 0, 101, 103, 102);
        ref.addTrade("P", "AAA", day(0), 10, 100);
        ref.addTrade("P", "AAA", day(1), 5, 102);

        assertEquals(1010.0, get(ref, "P", 0, "market_value"));
        assertEquals(1010.0, get(ref, "P", 0, "gross_exposure"));
        assertEquals(10.0, get(ref, "P", 0, "pnl")); // 1010 - 0 - 10 * 100
        assertEquals(10.0, get(ref, "P", 0, "equity"));
        assertNull(get(ref, "P", 0, "return"), "MV before the first row is 0");

        assertEquals(1545.0, get(ref, "P", 1, "market_value")); // 15 * 103
        assertEquals(25.0, get(ref, "P", 1, "pnl")); // 1545 - 1010 - 5 * 102
        assertEquals(35.0, get(ref, "P", 1, "equity"));
        assertEquals(25.0 / 1010, get(ref, "P", 1, "return"));

        assertEquals(1530.0, get(ref, "P", 2, "market_value"));
        assertEquals(-15.0, get(ref, "P", 2, "pnl"));
        assertEquals(20.0, get(ref, "P", 2, "equity"));
        assertEquals(-15.0 / 1545, get(ref, "P", 2, "return"));
        assertEquals(1.0, get(ref, "P", 2, "top5_weight"));
        assertEquals(1.0, get(ref, "P", 2, "hhi"));

        // the scales of the cancelling sums: |terms| of each pnl, accumulated for equity
        assertEquals(Map.of("pnl", 2010.0, "equity", 2010.0), ref.sumScales().get("P").get(day(0)));
        assertEquals(Map.of("pnl", 3065.0, "equity", 5075.0, "return", 3065.0 / 1010),
                ref.sumScales().get("P").get(day(1))); // 1545 + 1010 + 510
    }

    @Test
    void twoEqualTradesBothCount() {
        PortfolioReference ref = smallRef();
        bars(ref, "AAA", 0, 101);
        ref.addTrade("P", "AAA", day(0), 5, 100);
        ref.addTrade("P", "AAA", day(0), 5, 100);
        assertEquals(1010.0, get(ref, "P", 0, "market_value"));
        assertEquals(10.0, get(ref, "P", 0, "pnl"));
    }

    @Test
    void aDividendIsReceivedOnlyByTheQuantityHeldAtTheEndOfThePreviousDay() {
        PortfolioReference ref = smallRef();
        bars(ref, "AAA", 0, 100, 99.5);
        bars(ref, "AAA", 3, 99.5);
        ref.addAction("AAA", day(1), "dividend", 1);
        ref.addAction("AAA", day(2), "dividend", 0.5); // ex-date without a bar: folded into day 3
        ref.addTrade("P", "AAA", day(0), 10, 100);
        ref.addTrade("P", "AAA", day(1), 5, 99); // bought on the ex-date: no dividend

        assertEquals(0.0, get(ref, "P", 0, "pnl"));
        assertEquals(1492.5, get(ref, "P", 1, "market_value")); // 15 * 99.5
        assertEquals(7.5, get(ref, "P", 1, "pnl")); // 1492.5 - 1000 - 495 + 10 * 1
        assertEquals(7.5 / 1000, get(ref, "P", 1, "return"));
        assertEquals(List.of(day(0), day(1), day(3)), dates(ref, "P"), "no AAA bar on day 2: no row");
        assertEquals(7.5, get(ref, "P", 3, "pnl")); // 15 * 0.5
        assertEquals(15.0, get(ref, "P", 3, "equity"));
    }

    @Test
    void aTwoForOneSplitDoublesTheQuantityAndKeepsTheValue() {
        PortfolioReference ref = smallRef();
        bars(ref, "AAA", 0, 100, 50, 51);
        ref.addAction("AAA", day(1), "split", 2);
        ref.addTrade("P", "AAA", day(0), 10, 100);
        ref.addTrade("P", "AAA", day(1), 4, 50); // added after the split: not doubled
        assertEquals(1200.0, get(ref, "P", 1, "market_value")); // (10 * 2 + 4) * 50
        assertEquals(0.0, get(ref, "P", 1, "pnl")); // 1200 - 1000 - 200
        assertEquals(0.0, get(ref, "P", 1, "return"));
        assertEquals(1224.0, get(ref, "P", 2, "market_value")); // 24 * 51
        assertEquals(24.0, get(ref, "P", 2, "pnl"));
    }

    @Test
    void splitAndDividendBetweenBarsFoldInExDateOrder() {
        PortfolioReference ref = smallRef();
        // X: dividend 1 per old share on day 1, then split 2 on day 2; Y: split 2 on day 1, then
        // dividend 0.5 per new share on day 2. Both pay 1 per share held before the split.
        bars(ref, "X", 0, 100);
        bars(ref, "X", 3, 49);
        bars(ref, "Y", 0, 100);
        bars(ref, "Y", 3, 49);
        ref.addAction("X", day(1), "dividend", 1);
        ref.addAction("X", day(2), "split", 2);
        ref.addAction("Y", day(1), "split", 2);
        ref.addAction("Y", day(2), "dividend", 0.5);
        ref.addTrade("PX", "X", day(0), 10, 100);
        ref.addTrade("PY", "Y", day(0), 10, 100);
        for (String p : List.of("PX", "PY")) {
            assertEquals(980.0, get(ref, p, 3, "market_value"), p); // 20 * 49
            assertEquals(-10.0, get(ref, p, 3, "pnl"), p); // 980 - 1000 + 10 * 2 * 0.5
        }
    }

    @Test
    void aShortPositionHasANegativeValueAndAPositiveGrossExposure() {
        PortfolioReference ref = smallRef();
        bars(ref, "AAA", 0, 100, 110);
        bars(ref, "BBB", 0, 50, 40);
        ref.addTrade("P", "AAA", day(0), 10, 100);
        ref.addTrade("P", "BBB", day(0), -10, 50);
        ref.addTrade("S", "BBB", day(0), -10, 50);

        assertEquals(500.0, get(ref, "P", 0, "market_value"));
        assertEquals(1500.0, get(ref, "P", 0, "gross_exposure"));
        assertEquals(0.0, get(ref, "P", 0, "pnl")); // 500 - (1000 - 500)
        assertEquals(3.0, get(ref, "P", 0, "top5_weight")); // |2| + |-1|
        assertEquals(5.0, get(ref, "P", 0, "hhi")); // 4 + 1
        assertEquals(700.0, get(ref, "P", 1, "market_value"));
        assertEquals(1500.0, get(ref, "P", 1, "gross_exposure"));
        assertEquals(200.0, get(ref, "P", 1, "pnl")); // +100 on AAA, +100 on the short BBB
        assertEquals(0.4, get(ref, "P", 1, "return"));
        assertClose(1500.0 / 700, get(ref, "P", 1, "top5_weight"), TIGHT);
        assertClose((1100.0 * 1100 + 400.0 * 400) / (700.0 * 700), get(ref, "P", 1, "hhi"), TIGHT);

        // short only: MV < 0, so the next return is null; the weight is -400 / -400 = 1
        assertEquals(-500.0, get(ref, "S", 0, "market_value"));
        assertEquals(500.0, get(ref, "S", 0, "gross_exposure"));
        assertEquals(100.0, get(ref, "S", 1, "pnl"));
        assertNull(get(ref, "S", 1, "return"));
        assertEquals(1.0, get(ref, "S", 1, "hhi"));
    }

    @Test
    void aPositionClosedToZeroIsDroppedAndMayReopen() {
        PortfolioReference ref = smallRef();
        bars(ref, "AAA", 0, 101, 103, 102, 100, 101);
        ref.addTrade("P", "AAA", day(0), 10, 100);
        ref.addTrade("P", "AAA", day(1), 5, 102);
        ref.addTrade("P", "AAA", day(2), -15, 102.5);
        ref.addTrade("P", "AAA", day(4), 2, 100);

        assertEquals(0.0, get(ref, "P", 2, "market_value"));
        assertEquals(0.0, get(ref, "P", 2, "gross_exposure"));
        assertEquals(-7.5, get(ref, "P", 2, "pnl")); // 0 - 1545 + 15 * 102.5
        assertEquals(27.5, get(ref, "P", 2, "equity"));
        assertEquals(-7.5 / 1545, get(ref, "P", 2, "return"));
        for (String c : List.of("beta_mkt_3", "vol_3", "top5_weight", "hhi", "alpha", "exp_mkt", "sector_unknown")) {
            assertNull(get(ref, "P", 2, c), c + " with MV == 0");
        }
        assertEquals(List.of(day(0), day(1), day(2), day(4)), dates(ref, "P"), "nothing held on day 3");
        assertEquals(202.0, get(ref, "P", 4, "market_value"));
        assertEquals(2.0, get(ref, "P", 4, "pnl")); // 202 - 0 - 200
        assertEquals(29.5, get(ref, "P", 4, "equity"));
        assertNull(get(ref, "P", 4, "return"), "MV(d-1) == 0");
        assertEquals(1.0, get(ref, "P", 4, "sector_unknown"));
    }

    @Test
    void aTradeIsAppliedOnItsDateWhenThatIsAPortfolioDayElseOnTheNext() {
        PortfolioReference ref = smallRef();
        bars(ref, "AAA", 0, 20, 21);
        bars(ref, "AAA", 3, 22);
        bars(ref, "AAA", 6, 23);
        bars(ref, "BBB", 0, 10, 10, 10, 10);
        bars(ref, "BBB", 6, 10);
        ref.addTrade("P", "BBB", day(0), 10, 10);
        ref.addTrade("P", "AAA", day(2), 5, 20); // AAA halted on day 2, a portfolio day thanks to BBB
        ref.addTrade("Q", "AAA", day(5), 1, 22.5); // no bar of anything on day 5

        assertEquals(List.of(day(0), day(1), day(2), day(3), day(6)), dates(ref, "P"));
        // applied on day 2 and valued at AAA's last close: 100 + 5 * 21; pnl = 205 - 100 - 5 * 20
        assertEquals(205.0, get(ref, "P", 2, "market_value"), "the AAA trade is applied on day 2");
        assertEquals(5.0, get(ref, "P", 2, "pnl"));
        assertEquals(210.0, get(ref, "P", 3, "market_value")); // 100 + 5 * 22
        assertEquals(5.0, get(ref, "P", 3, "pnl"));
        assertEquals(5.0, get(ref, "P", 6, "pnl"));

        assertEquals(List.of(day(6)), dates(ref, "Q"));
        assertEquals(23.0, get(ref, "Q", 6, "market_value"));
        assertEquals(0.5, get(ref, "Q", 6, "pnl"));
    }

    @Test
    void aPositionWithoutACloseYetIsValuedAtZeroAndLeftOutOfTheWeights() {
        PortfolioReference ref = smallRef();
        bars(ref, "BBB", 0, 10, 10, 10, 10);
        bars(ref, "CCC", 3, 5);
        ref.addSector("CCC", "Energy");
        ref.addTrade("P", "BBB", day(0), 10, 10);
        ref.addTrade("P", "CCC", day(1), 10, 4); // before CCC's first bar: unpriced until day 3

        assertEquals(-40.0, get(ref, "P", 1, "pnl")); // 100 - 100 - 10 * 4
        assertEquals(0.0, get(ref, "P", 2, "pnl"));
        assertEquals(100.0, get(ref, "P", 2, "market_value"));
        assertEquals(100.0, get(ref, "P", 2, "gross_exposure"));
        assertEquals(1.0, get(ref, "P", 2, "hhi"), "BBB alone");
        assertEquals(1.0, get(ref, "P", 2, "sector_unknown"));
        assertEquals(0.0, get(ref, "P", 2, "sector_energy"));
        assertEquals(150.0, get(ref, "P", 3, "market_value"));
        assertEquals(50.0, get(ref, "P", 3, "pnl"));
        assertClose(50.0 / 150, get(ref, "P", 3, "sector_energy"), TIGHT);
        assertClose((100.0 * 100 + 50.0 * 50) / (150.0 * 150), get(ref, "P", 3, "hhi"), TIGHT);
    }

    @Test
    void aHaltedSymbolIsValuedAtItsLastClose() {
        PortfolioReference ref = smallRef();
        bars(ref, "AAA", 0, 20, 21);
        bars(ref, "AAA", 3, 22);
        bars(ref, "BBB", 0, 10, 10, 10, 10);
        ref.addTrade("R", "AAA", day(0), 1, 20);
        ref.addTrade("R", "BBB", day(0), 10, 10);
        assertEquals(121.0, get(ref, "R", 1, "market_value"));
        assertEquals(121.0, get(ref, "R", 2, "market_value"), "AAA carried at 21");
        assertEquals(0.0, get(ref, "R", 2, "pnl"));
        assertEquals(0.0, get(ref, "R", 2, "return"));
        assertEquals(1.0, get(ref, "R", 2, "top5_weight"));
        assertClose((21.0 * 21 + 100.0 * 100) / (121.0 * 121), get(ref, "R", 2, "hhi"), TIGHT);
        assertEquals(122.0, get(ref, "R", 3, "market_value"));
        assertEquals(1.0, get(ref, "R", 3, "pnl"));
        assertEquals(1.0 / 121, get(ref, "R", 3, "return"));
    }

    // ---------------------------------------------------------------------------------- weights

    @Test
    void weightsTop5HhiAndSectorWeightsByHand() {
        PortfolioReference ref = smallRef();
        String[] s = {"A1", "A2", "A3", "A4", "A5", "A6"};
        double[] q = {1, 2, 3, 4, 5, -5};
        for (int i = 0; i < s.length; i++) {
            bars(ref, s[i], 0, 10);
            ref.addTrade("P", s[i], day(0), q[i], 10); // values 10, 20, 30, 40, 50, -50: MV 100
        }
        ref.addSector("A1", "Information Technology");
        ref.addSector("A2", "information  technology"); // the same column
        ref.addSector("A3", "Health Care");
        ref.addSector("A3", "Energy"); // the latest wins
        ref.addSector("A4", "Energy");
        ref.addSector("A6", "Utilities"); // A5: unknown
        ref.addTrade("ONE", "A1", day(0), 3, 10);
        ref.addTrade("ZERO", "A1", day(0), 1, 10);
        ref.addTrade("ZERO", "A2", day(0), -1, 10);

        assertEquals(100.0, get(ref, "P", 0, "market_value"));
        assertEquals(200.0, get(ref, "P", 0, "gross_exposure"));
        assertClose(0.5 + 0.5 + 0.4 + 0.3 + 0.2, get(ref, "P", 0, "top5_weight"), TIGHT);
        assertClose(0.01 + 0.04 + 0.09 + 0.16 + 0.25 + 0.25, get(ref, "P", 0, "hhi"), TIGHT);
        assertEquals(0.3, get(ref, "P", 0, "sector_information_technology"));
        assertEquals(0.7, get(ref, "P", 0, "sector_energy"));
        assertEquals(0.5, get(ref, "P", 0, "sector_unknown"));
        assertEquals(-0.5, get(ref, "P", 0, "sector_utilities"));
        assertTrue(!ref.dailyColumns().contains("sector_health_care"));

        assertEquals(1.0, get(ref, "ONE", 0, "sector_information_technology"));
        for (String c : List.of("sector_energy", "sector_unknown", "sector_utilities")) {
            assertEquals(0.0, get(ref, "ONE", 0, c), c);
        }
        assertEquals(0.0, get(ref, "ZERO", 0, "market_value"));
        assertEquals(20.0, get(ref, "ZERO", 0, "gross_exposure"));
        for (String c : List.of("sector_information_technology", "sector_energy", "top5_weight", "hhi")) {
            assertNull(get(ref, "ZERO", 0, c), c + " with MV == 0");
        }
    }

    // ---------------------------------------------------------------------------------- betas

    private static final double[] MKT = {0.01, -0.02, 0.015, 0.003, -0.007, 0.012, -0.011, 0.004, 0.009, -0.005};

    @Test
    void betasAlphaAndExposuresAreWeightedSumsOfThePositionsMetrics() {
        PortfolioReference ref = smallRef();
        double[] twice = new double[MKT.length];
        double[] half = new double[MKT.length];
        for (int i = 0; i < MKT.length; i++) {
            twice[i] = 2 * MKT[i];
            half[i] = 0.5 * MKT[i] + 0.001;
        }
        bars(ref, "SPY", 0, closesFromReturns(MKT)); // days 0..10
        bars(ref, "AAA", 0, closesFromReturns(twice)); // days 0..10
        double[] bbb = closesFromReturns(half);
        bars(ref, "BBB", 0, java.util.Arrays.copyOf(bbb, 10)); // days 0..9: halted on day 10
        bars(ref, "CCC", 8, 50, 51); // two bars: no beta
        ref.addTrade("P", "AAA", day(0), 10, 100);
        ref.addTrade("P", "BBB", day(0), 20, 100);
        ref.addTrade("P", "SPY", day(0), 5, 100);
        ref.addTrade("Q", "AAA", day(0), 10, 100);
        ref.addTrade("Q", "CCC", day(8), 2, 50);
        ref.addTrade("Q", "CCC", day(9), -2, 51); // closed on day 9: still a position of day 9

        double vA = 10 * close(ref, "AAA", 9);
        double vB = 20 * close(ref, "BBB", 9);
        double vS = 5 * close(ref, "SPY", 9);
        double mv = vA + vB + vS;
        assertClose(mv, get(ref, "P", 9, "market_value"), TIGHT);
        double wA = vA / mv;
        double wB = vB / mv;
        double wS = vS / mv;
        assertClose(2.0, symbolValue(ref, "AAA", 9, "beta_mkt_3"), 1e-9);
        assertClose(0.5, symbolValue(ref, "BBB", 9, "beta_mkt_3"), 1e-9);
        assertEquals(1.0, symbolValue(ref, "SPY", 9, "beta_mkt_3"));
        assertClose(wA * 2 + wB * 0.5 + wS, get(ref, "P", 9, "beta_mkt_3"), 1e-9);
        for (String c : List.of("beta_mkt_3", "alpha", "exp_mkt")) {
            double want = wA * symbolValue(ref, "AAA", 9, c) + wB * symbolValue(ref, "BBB", 9, c)
                    + wS * symbolValue(ref, "SPY", 9, c);
            assertClose(want, get(ref, "P", 9, c), 1e-12);
        }
        // no TLT and no IWM: beta_rates and beta_size are null for every symbol, hence for P
        assertNull(get(ref, "P", 9, "beta_rates_3"));
        assertNull(get(ref, "P", 9, "beta_size"));

        // day 10: BBB has no bar; its value and its metrics are those of day 9
        double vA10 = 10 * close(ref, "AAA", 10);
        double vS10 = 5 * close(ref, "SPY", 10);
        double mv10 = vA10 + vB + vS10;
        double want10 = (vA10 * symbolValue(ref, "AAA", 10, "beta_mkt_3") + vB * symbolValue(ref, "BBB", 9,
                "beta_mkt_3") + vS10 * symbolValue(ref, "SPY", 10, "beta_mkt_3")) / mv10;
        assertClose(want10, get(ref, "P", 10, "beta_mkt_3"), 1e-12);

        // Q: CCC has no beta on days 8 and 9 (even with weight 0 on day 9); on day 10 only AAA is left
        assertNotNull(get(ref, "Q", 7, "beta_mkt_3"));
        assertNull(get(ref, "Q", 8, "beta_mkt_3"));
        assertNotNull(get(ref, "Q", 8, "hhi"));
        assertNull(get(ref, "Q", 9, "beta_mkt_3"));
        assertEquals(symbolValue(ref, "AAA", 10, "beta_mkt_3"), get(ref, "Q", 10, "beta_mkt_3"));
    }

    /** The close of the symbol's bar on the day. */
    private static double close(PortfolioReference ref, String symbol, int day) {
        return symbolValue(ref, symbol, day, "close");
    }

    // ---------------------------------------------------------------------------------- vol

    @Test
    void volIsSqrtOfWSwOverTheLastDatesWhereEveryPositionHasAReturn() {
        PortfolioReference ref = smallRef(); // vol over 3 dates
        double[] a = closesFromReturns(0.01, -0.02, 0.015, 0.003, -0.007, 0.012, -0.011, 0.004);
        bars(ref, "AAA", 0, a); // days 0..8
        bars(ref, "BBB", 0, 100, 101, 99, 102, 101.5); // days 0..4
        bars(ref, "BBB", 6, 103, 102, 104); // days 6..8, no bar on day 5
        ref.addTrade("P", "AAA", day(0), 10, 100);
        ref.addTrade("P", "BBB", day(0), -3, 100);

        assertNull(get(ref, "P", 2, "vol_3"), "only dates 1 and 2 have returns");
        // day 5: BBB carried at day 4's close; dates with both returns: 1, 2, 3, 4 -> the last 3
        assertClose(expectedVol(ref, 5, new int[] {2, 3, 4}, a[5], 101.5), get(ref, "P", 5, "vol_3"), 1e-12);
        // day 8: dates 1, 2, 3, 4, 6, 7, 8 (BBB's day-6 return spans the gap) -> 6, 7, 8
        assertClose(expectedVol(ref, 8, new int[] {6, 7, 8}, a[8], 104), get(ref, "P", 8, "vol_3"), 1e-12);
        assertClose(expectedVol(ref, 3, new int[] {1, 2, 3}, a[3], 102), get(ref, "P", 3, "vol_3"), 1e-12);
    }

    /** {@code sqrt(w' S w) * sqrt(252)} with S the Commons Math sample covariance of AAA and BBB returns. */
    private static double expectedVol(PortfolioReference ref, int day, int[] returnDays, double closeA,
                                      double closeB) {
        double vA = 10 * closeA;
        double vB = -3 * closeB;
        double[] w = {vA / (vA + vB), vB / (vA + vB)};
        double[][] data = new double[returnDays.length][];
        for (int k = 0; k < returnDays.length; k++) {
            data[k] = new double[] {symbolValue(ref, "AAA", returnDays[k], "return"),
                    symbolValue(ref, "BBB", returnDays[k], "return")};
        }
        RealMatrix s = new Covariance(data).getCovarianceMatrix();
        ArrayRealVector wv = new ArrayRealVector(w);
        double want = Math.sqrt(wv.dotProduct(s.operate(wv))) * Math.sqrt(252);
        // the equivalent: sample sd of the portfolio's returns
        double[] p = new double[returnDays.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = w[0] * data[k][0] + w[1] * data[k][1];
        }
        double sd = new org.apache.commons.math3.stat.descriptive.moment.StandardDeviation().evaluate(p);
        assertClose(want, sd * Math.sqrt(252), 1e-12);
        assertTrue(day >= returnDays[returnDays.length - 1]);
        return want;
    }

    @Test
    void volUsesTheFixedDefaultWindowOf63Dates() {
        PortfolioReference ref = new PortfolioReference(small());
        double[] r = new double[64];
        for (int i = 0; i < r.length; i++) {
            r[i] = 0.001 * ((i * 7) % 11 - 5);
        }
        bars(ref, "AAA", 0, closesFromReturns(r)); // 64 returns on days 1..64
        ref.addTrade("P", "AAA", day(0), 1, 100);
        assertNull(get(ref, "P", 62, "vol_63"));
        double[] last = new double[63];
        for (int k = 0; k < 63; k++) {
            last[k] = symbolValue(ref, "AAA", 1 + k, "return");
        }
        assertClose(new org.apache.commons.math3.stat.descriptive.moment.StandardDeviation().evaluate(last)
                * Math.sqrt(252), get(ref, "P", 63, "vol_63"), 1e-12);
    }

    // ---------------------------------------------------------------------------------- correlations

    @Test
    void correlationsOfEveryPairHeldAtTheEndOfTheLastDay() {
        PortfolioReference ref = smallRef(); // correlations over 4 dates
        double[] a = closesFromReturns(0.01, -0.02, 0.015, 0.003, -0.007, 0.012, -0.011);
        bars(ref, "AAA", 0, a); // days 0..7
        bars(ref, "BBB", 0, 100, 101, 99); // days 0..2
        bars(ref, "BBB", 4, 100, 98, 99.5, 101); // days 4..7: no bar on day 3
        bars(ref, "CCC", 0, 10, 10, 10, 10, 10, 10, 10, 10); // constant returns (0)
        bars(ref, "DDD", 0, 20, 21, 22, 21, 20, 22, 23, 24);
        bars(ref, "EEE", 6, 30, 31); // one return only
        for (String s : List.of("AAA", "BBB", "CCC", "DDD")) {
            ref.addTrade("P", s, day(0), 1, 10);
        }
        ref.addTrade("P", "EEE", day(6), 1, 30);
        ref.addTrade("P", "DDD", day(7), -1, 24); // closed on the last day: no pairs
        ref.addTrade("ONE", "AAA", day(0), 1, 100);
        ref.addTrade("GONE", "AAA", day(0), 1, 100);
        ref.addTrade("GONE", "AAA", day(2), -1, 100);

        assertEquals(day(7), ref.lastDate("P"));
        Map<String, Double> p = ref.latestCorrelations().get("P");
        assertEquals(List.of("AAA BBB", "AAA CCC", "AAA EEE", "BBB CCC", "BBB EEE", "CCC EEE"),
                new ArrayList<>(p.keySet()));
        // AAA and BBB both have returns on days 1, 2, 4, 5, 6, 7 -> the last 4
        double[] x = new double[4];
        double[] y = new double[4];
        int[] days = {4, 5, 6, 7};
        for (int k = 0; k < 4; k++) {
            x[k] = symbolValue(ref, "AAA", days[k], "return");
            y[k] = symbolValue(ref, "BBB", days[k], "return");
        }
        assertClose(new PearsonsCorrelation().correlation(x, y), p.get("AAA BBB"), 1e-12);
        assertNull(p.get("AAA CCC"), "CCC's returns are constant");
        assertNull(p.get("BBB CCC"));
        assertNull(p.get("AAA EEE"), "fewer than 4 common dates");
        assertTrue(p.containsKey("CCC EEE"));
        assertNull(p.get("CCC EEE"));

        assertEquals(Map.of(), ref.latestCorrelations().get("ONE"));
        assertEquals(Map.of(), ref.latestCorrelations().get("GONE"));
        assertEquals(day(2), ref.lastDate("GONE"));
        assertNull(ref.lastDate("NOBODY"));
    }

    @Test
    void correlationsUseTheFixedDefaultWindowOf90Dates() {
        PortfolioReference ref = new PortfolioReference(small());
        double[] ra = new double[90];
        double[] rb = new double[90];
        for (int i = 0; i < 90; i++) {
            ra[i] = 0.001 * ((i * 7) % 11 - 5);
            rb[i] = 0.001 * ((i * 5) % 13 - 6);
        }
        bars(ref, "AAA", 0, closesFromReturns(ra)); // days 0..90
        bars(ref, "BBB", 0, closesFromReturns(rb));
        bars(ref, "CCC", 1, java.util.Arrays.copyOf(closesFromReturns(rb), 90)); // days 1..90: 89 returns
        ref.addTrade("P", "AAA", day(0), 1, 100);
        ref.addTrade("P", "BBB", day(0), 1, 100);
        ref.addTrade("P", "CCC", day(1), 1, 100);
        ref.addTrade("Q", "AAA", day(0), 1, 100);
        ref.addTrade("Q", "BBB", day(0), 1, 100);
        double[] x = new double[90];
        double[] y = new double[90];
        for (int k = 0; k < 90; k++) {
            x[k] = symbolValue(ref, "AAA", 1 + k, "return");
            y[k] = symbolValue(ref, "BBB", 1 + k, "return");
        }
        assertEquals(day(90), ref.lastDate("P"));
        assertClose(new PearsonsCorrelation().correlation(x, y), ref.latestCorrelations().get("P").get("AAA BBB"),
                1e-12);
        assertTrue(ref.latestCorrelations().get("P").containsKey("AAA CCC"));
        assertNull(ref.latestCorrelations().get("P").get("AAA CCC"), "89 common dates");
        assertNull(ref.latestCorrelations().get("P").get("BBB CCC"));
        assertEquals(day(90), ref.lastDate("Q"));
        assertNotNull(ref.latestCorrelations().get("Q").get("AAA BBB"));
        ref.addTrade("Q", "AAA", day(90), -1, 100); // Q holds only BBB at the end of day 90
        assertEquals(Map.of(), ref.latestCorrelations().get("Q"));
    }

    // ---------------------------------------------------------------------------------- fromFolder

    private void write(String name, String... lines) throws IOException {
        Files.writeString(tmp.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void fromFolderReadsTradesReferenceDataPricesAndActionsLikeTheProduct() throws IOException {
        write("prices.csv",
                "symbol,date,open,high,low,close,volume",
                "AAA,2024-01-01,100,100,100,100,10",
                "AAA,2024-01-02,50,50,50,50,10",
                "AAA,2024-01-03,51,51,51,51,10",
                "BBB,2024-01-01,20,20,20,20,10",
                "BBB,2024-01-03,21,21,21,21,10");
        write("corporate_actions.csv",
                "symbol,ex_date,type,value",
                "AAA,2024-01-02,split,2",
                "AAA,2024-01-02,split,3", // conflicting duplicate: the first wins
                "AAA,2024-01-03,Dividend,0.5",
                "AAA,2024-01-03,merger,1"); // invalid
        write("trades_a.csv",
                "Price, QUANTITY ,trade_date,symbol,portfolio_id,note",
                "100,10,2024-01-01,AAA,P1,x",
                "100,10,2024-01-01,AAA,P1,x", // equal trades both count
                "100,0,2024-01-01,AAA,P1,x", // quantity 0
                "-1,1,2024-01-01,AAA,P1,x", // price <= 0
                "100,1,2024-01-01,aaa,P1,x", // bad symbol
                "100,1,2024/01/01,AAA,P1,x", // bad date
                "100,1,2024-01-01,AAA,P1", // field count
                "",
                "20,-5,2024-01-02,BBB,\"P,2\",x"); // BBB has no bar on 01-02: applied on 01-03
        write("trades_b.csv",
                "portfolio_id,symbol,trade_date,quantity,price",
                "P1,BBB,2024-01-03,4,21");
        write("reference.csv",
                "symbol,name,sector", // industry and cik may be absent
                "AAA,\"A, Inc.\",Information Technology",
                "BBB,B,Energy",
                "bad$,X,Energy", // bad symbol
                "CCC,C,"); // missing sector
        write("reference_2.csv",
                "symbol,name,sector,industry,cik",
                "AAA,A,Health Care,,"); // later file: the latest wins
        write("trades.txt", "portfolio_id,symbol,trade_date,quantity,price", "P9,AAA,2024-01-01,1,1"); // ignored

        PortfolioReference read = PortfolioReference.fromFolder(tmp, small(), 3, 4);
        assertEquals(7, read.skippedRecords());

        PortfolioReference built = smallRef();
        built.addBar("AAA", day(0), 100, 100, 100, 10);
        built.addBar("AAA", day(1), 50, 50, 50, 10);
        built.addBar("AAA", day(2), 51, 51, 51, 10);
        built.addBar("BBB", day(0), 20, 20, 20, 10);
        built.addBar("BBB", day(2), 21, 21, 21, 10);
        built.addAction("AAA", day(1), "split", 2);
        built.addAction("AAA", day(2), "dividend", 0.5);
        built.addTrade("P1", "AAA", day(0), 10, 100);
        built.addTrade("P1", "AAA", day(0), 10, 100);
        built.addTrade("P,2", "BBB", day(1), -5, 20);
        built.addTrade("P1", "BBB", day(2), 4, 21);
        built.addSector("AAA", "Health Care");
        built.addSector("BBB", "Energy");

        assertEquals(built.dailyColumns(), read.dailyColumns());
        assertEquals(built.daily(), read.daily());
        assertEquals(List.of("P,2", "P1"), new ArrayList<>(read.daily().keySet()));
        assertTrue(read.dailyColumns().containsAll(List.of("sector_health_care", "sector_energy")));
        assertEquals(2000.0, get(read, "P1", 1, "market_value")); // 20 * 2 * 50 after the split
        assertEquals(0.0, get(read, "P1", 1, "pnl"));
        assertEquals(2124.0, get(read, "P1", 2, "market_value")); // 40 * 51 + 4 * 21
        assertEquals(60.0, get(read, "P1", 2, "pnl")); // 2124 - 2000 - 84 + 40 * 0.5
        assertEquals(List.of(day(2)), dates(read, "P,2"));
        assertEquals(-105.0, get(read, "P,2", 2, "market_value"));
    }

    @Test
    void fromFolderRejectsATradesHeaderWithoutARequiredColumn() throws IOException {
        write("trades.csv", "portfolio_id,symbol,trade_date,quantity", "P1,AAA,2024-01-01,1");
        assertThrows(IOException.class, () -> PortfolioReference.fromFolder(tmp, small()));
    }

    // ---------------------------------------------------------------------------------- CSV comparisons

    private PortfolioReference sample() {
        PortfolioReference ref = smallRef();
        double[] a = closesFromReturns(0.01, -0.02, 0.015, 0.003, -0.007, 0.012, -0.011);
        bars(ref, "AAA", 0, a);
        bars(ref, "BBB", 0, closesFromReturns(0.002, 0.01, -0.004, 0.02, -0.015, 0.001, 0.007));
        bars(ref, "CCC", 0, closesFromReturns(-0.01, 0.005, 0.012, -0.02, 0.0, 0.018, -0.003));
        ref.addSector("AAA", "Energy");
        ref.addTrade("P1", "AAA", day(0), 10, 100);
        ref.addTrade("P1", "BBB", day(0), -4, 100);
        ref.addTrade("P1", "CCC", day(2), 3, 100);
        ref.addTrade("P1", "CCC", day(6), -3, 100); // the pairs with CCC were last held on day 5
        ref.addTrade("P2", "BBB", day(3), 5, 100);
        return ref;
    }

    /** Writes the daily rows the way the product exports them (Double.toString, empty for null). */
    private Path exportDaily(Map<String, SortedMap<LocalDate, Map<String, Object>>> rows, List<String> columns,
                             String name) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("portfolio_id,date," + String.join(",", columns));
        rows.forEach((portfolio, byDate) -> byDate.forEach((date, row) -> {
            StringBuilder b = new StringBuilder(CsvLine.quote(portfolio) + "," + date);
            for (String c : columns) {
                Object v = row.get(c);
                b.append(',').append(v == null ? "" : v.toString());
            }
            lines.add(b.toString());
        }));
        Path file = tmp.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static int nonNull(Map<String, SortedMap<LocalDate, Map<String, Object>>> rows, List<String> columns) {
        int n = 0;
        for (SortedMap<LocalDate, Map<String, Object>> byDate : rows.values()) {
            for (Map<String, Object> row : byDate.values()) {
                for (String c : columns) {
                    n += row.get(c) == null ? 0 : 1;
                }
            }
        }
        return n;
    }

    private static Map<String, SortedMap<LocalDate, Map<String, Object>>> copy(
            Map<String, SortedMap<LocalDate, Map<String, Object>>> rows) {
        Map<String, SortedMap<LocalDate, Map<String, Object>>> c = new TreeMap<>();
        rows.forEach((p, byDate) -> {
            SortedMap<LocalDate, Map<String, Object>> m = new TreeMap<>();
            byDate.forEach((d, row) -> m.put(d, new LinkedHashMap<>(row)));
            c.put(p, m);
        });
        return c;
    }

    @Test
    void dailyCsvIsComparedByPortfolioAndDate() throws IOException {
        PortfolioReference ref = sample();
        List<String> columns = ref.dailyColumns();
        Path csv = exportDaily(ref.daily(), columns, "portfolio_daily.csv");
        int expected = nonNull(ref.daily(), columns);
        assertTrue(expected > 50);
        assertEquals(expected, PortfolioReference.assertDailyMatches(csv, ref, 1e-9));
        assertEquals(expected, ResultCsv.assertMatches(csv, PortfolioReference.DAILY_KEY, ref.daily(), columns,
                1e-9));

        Map<String, SortedMap<LocalDate, Map<String, Object>>> changed = copy(ref.daily());
        Map<String, Object> row = changed.get("P1").get(day(4));
        row.put("pnl", (Double) row.get("pnl") * (1 + 1e-6));
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> ResultCsv.assertMatches(csv, PortfolioReference.DAILY_KEY, changed, columns, 1e-9));
        assertTrue(e.getMessage().contains("P1 2024-01-05 pnl"), e.getMessage());

        // pnl, equity and return allow the rounding of a plain sum of their terms, not more
        Map<String, SortedMap<LocalDate, Map<String, Object>>> noisy = copy(ref.daily());
        Map<String, Object> first = noisy.get("P1").get(day(0));
        assertEquals(0.0, first.get("pnl"), "bought at the close");
        first.put("pnl", 2.3e-13);
        first.put("equity", -2.3e-13);
        Path noisyCsv = exportDaily(noisy, columns, "noisy.csv");
        assertEquals(expected, PortfolioReference.assertDailyMatches(noisyCsv, ref, 1e-9));
        assertThrows(AssertionFailedError.class, () -> ResultCsv.assertMatches(noisyCsv, PortfolioReference.DAILY_KEY,
                ref.daily(), columns, 1e-9), "plain relative tolerance");
        first.put("pnl", 1e-6);
        Path wrongCsv = exportDaily(noisy, columns, "wrong.csv");
        e = assertThrows(AssertionFailedError.class, () -> PortfolioReference.assertDailyMatches(wrongCsv, ref, 1e-9));
        assertTrue(e.getMessage().contains("P1 2024-01-01 pnl"), e.getMessage());

        Map<String, SortedMap<LocalDate, Map<String, Object>>> extra = copy(ref.daily());
        extra.get("P2").put(day(20), extra.get("P2").get(day(3)));
        e = assertThrows(AssertionFailedError.class,
                () -> ResultCsv.assertMatches(csv, PortfolioReference.DAILY_KEY, extra, columns, 1e-9));
        assertTrue(e.getMessage().contains("P2 2024-01-21"), e.getMessage());
    }

    private Path exportCorrelations(String... rows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("portfolio_id,date,symbol_a,symbol_b,correlation");
        lines.addAll(List.of(rows));
        Path file = tmp.resolve("portfolio_correlations.csv");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void correlationsCsvIsComparedOnEachPortfoliosLastDate() throws IOException {
        PortfolioReference ref = sample();
        assertEquals(day(7), ref.lastDate("P1"));
        Map<String, Double> p1 = ref.latestCorrelations().get("P1");
        assertEquals(List.of("AAA BBB"), new ArrayList<>(p1.keySet()));
        Double ab = p1.get("AAA BBB");
        assertNotNull(ab);
        assertEquals(Map.of(), ref.latestCorrelations().get("P2"));

        // pairs last held on day 5 carry day 5 and are not checked
        Path ok = exportCorrelations("P1,2024-01-08,AAA,BBB," + ab, "P1,2024-01-06,AAA,CCC,0.5",
                "P1,2024-01-06,BBB,CCC,");
        assertEquals(1, PortfolioReference.assertCorrelationsMatch(ok, ref, 1e-9));
        assertEquals(1, PortfolioReference.assertCorrelationsMatch(
                exportCorrelations("P1,2024-01-08,AAA,BBB," + ab * (1 + 1e-12)), ref, 1e-9));

        for (String[] bad : List.of(
                new String[] {"P1,2024-01-08,AAA,BBB," + ab * (1 + 1e-6)}, // value
                new String[] {"P1,2024-01-08,AAA,BBB,"}, // null
                new String[] {}, // missing pair
                new String[] {"P1,2024-01-07,AAA,BBB," + ab}, // not the last date
                new String[] {"P1,2024-01-08,AAA,BBB," + ab, "P1,2024-01-08,AAA,CCC,0.5"}, // not held
                new String[] {"P1,2024-01-08,AAA,BBB," + ab, "P2,2024-01-08,AAA,BBB,0.5"}, // P2 holds one symbol
                new String[] {"P1,2024-01-08,AAA,BBB," + ab, "P9,2024-01-08,AAA,BBB,0.5"}, // unknown portfolio
                new String[] {"P1,2024-01-08,BBB,AAA," + ab}, // order
                new String[] {"P1,2024-01-08,AAA,BBB," + ab, "P1,2024-01-08,AAA,BBB," + ab})) { // repeated
            Path csv = exportCorrelations(bad);
            assertThrows(AssertionFailedError.class, () -> PortfolioReference.assertCorrelationsMatch(csv, ref, 1e-9),
                    String.join(" | ", bad));
        }
    }
}
