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
import java.util.SortedMap;
import java.util.TreeMap;
import org.finstream.ingest.CsvLine;
import org.finstream.reference.FundamentalsReference.Fact;
import org.finstream.reference.FundamentalsReference.Quarter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Hand-checkable cases for {@link FundamentalsReference} (the rule numbers refer to the
 * fundamentals contract) and {@link ResultCsv}.
 */
class FundamentalsReferenceTest {
    private static final double EPS = 1e-12;

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------------------------------
    // Builders

    private static LocalDate dt(String s) {
        return LocalDate.parse(s);
    }

    private static Fact dur(String concept, String start, String end, double value) {
        return Fact.duration(concept, dt(start), dt(end), value);
    }

    private static Fact inst(String concept, String end, double value) {
        return Fact.instant(concept, dt(end), value);
    }

    private static void file(FundamentalsReference ref, String symbol, String form, String accession, String filed,
                             int fiscalYear, String fiscalPeriod, Fact... facts) {
        ref.addFiling(symbol, form, accession, dt(filed), fiscalYear, fiscalPeriod, List.of(facts));
    }

    /** The first day of the calendar quarter ending on {@code end} (a calendar quarter end). */
    private static LocalDate quarterStart(LocalDate end) {
        return end.withDayOfMonth(1).minusMonths(2);
    }

    /**
     * A 10-Q (10-K for a December quarter) of a calendar-year company with one direct quarter
     * fact per duration concept and the instants at the quarter end.
     */
    private static void quarterly(FundamentalsReference ref, String symbol, String end, String filed,
                                  Map<String, Double> durations, Map<String, Double> instants) {
        LocalDate e = dt(end);
        LocalDate s = quarterStart(e);
        int q = (e.getMonthValue() + 2) / 3;
        List<Fact> facts = new ArrayList<>();
        durations.forEach((c, v) -> facts.add(Fact.duration(c, s, e, v)));
        instants.forEach((c, v) -> facts.add(Fact.instant(c, e, v)));
        ref.addFiling(symbol, q == 4 ? "10-K" : "10-Q", symbol + "-" + end, dt(filed), e.getYear(),
                q == 4 ? "FY" : "Q" + q, facts);
    }

    private static Map<String, Double> m(Object... kv) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return out;
    }

    private static Map<String, Object> fundamentalsRow(FundamentalsReference ref, String symbol, String end) {
        Map<String, Object> row = ref.fundamentals().get(symbol).get(dt(end));
        assertNotNull(row, "no fundamentals row " + symbol + " " + end);
        return row;
    }

    private static Map<String, Object> valuationRow(FundamentalsReference ref, String symbol, String date) {
        Map<String, Object> row = ref.valuation().get(symbol).get(dt(date));
        assertNotNull(row, "no valuation row " + symbol + " " + date);
        return row;
    }

    private static double num(Map<String, Object> row, String column) {
        Object v = row.get(column);
        assertNotNull(v, column + " is null");
        return (Double) v;
    }

    private static Quarter quarter(String start, String end, double value) {
        return new Quarter(dt(start), dt(end), value);
    }

    // ------------------------------------------------------------------------------------------
    // Rule 3: discrete quarters

    @Test
    void yearToDateOnlyCashFlowsGiveDiscreteQuarters() {
        FundamentalsReference ref = new FundamentalsReference();
        file(ref, "AAA", "10-Q", "A-1", "2023-05-01", 2023, "Q1",
                dur("operating_cash_flow", "2023-01-01", "2023-03-31", 100),
                dur("capex", "2023-01-01", "2023-03-31", 30));
        file(ref, "AAA", "10-Q", "A-2", "2023-08-01", 2023, "Q2",
                dur("operating_cash_flow", "2023-01-01", "2023-06-30", 250),
                dur("capex", "2023-01-01", "2023-06-30", 70));
        file(ref, "AAA", "10-Q", "A-3", "2023-11-01", 2023, "Q3",
                dur("operating_cash_flow", "2023-01-01", "2023-09-30", 420),
                dur("capex", "2023-01-01", "2023-09-30", 100));
        file(ref, "AAA", "10-K", "A-4", "2024-02-20", 2023, "FY",
                dur("operating_cash_flow", "2023-01-01", "2023-12-31", 600),
                dur("capex", "2023-01-01", "2023-12-31", 150));

        // Q1 direct (90 days), Q2 = 6M - 3M, Q3 = 9M - 6M, Q4 = 12M - 9M
        assertEquals(new TreeMap<>(Map.of(
                dt("2023-03-31"), quarter("2023-01-01", "2023-03-31", 100),
                dt("2023-06-30"), quarter("2023-04-01", "2023-06-30", 150),
                dt("2023-09-30"), quarter("2023-07-01", "2023-09-30", 170),
                dt("2023-12-31"), quarter("2023-10-01", "2023-12-31", 180))),
                ref.quarters("AAA", "operating_cash_flow"));
        assertEquals(List.of(30.0, 40.0, 30.0, 50.0),
                ref.quarters("AAA", "capex").values().stream().map(Quarter::value).toList());

        Map<String, Object> fy = fundamentalsRow(ref, "AAA", "2023-12-31");
        assertEquals(600.0, fy.get("operating_cash_flow_ttm"));
        assertEquals(150.0, fy.get("capex_ttm"));
        assertEquals(450.0, fy.get("fcf_ttm"));
        assertNull(fy.get("revenue_ttm"));
        assertNull(fy.get("ebitda_ttm"));
        assertEquals(2023, fy.get("fiscal_year"));
        assertEquals("FY", fy.get("fiscal_period"));
        assertEquals(dt("2024-02-20"), fy.get("filed"));
        // only three quarters up to Q3
        assertNull(fundamentalsRow(ref, "AAA", "2023-09-30").get("operating_cash_flow_ttm"));
        assertNull(fundamentalsRow(ref, "AAA", "2023-09-30").get("fcf_ttm"));
        assertEquals(FundamentalsReference.FUNDAMENTALS_COLUMNS, new ArrayList<>(fy.keySet()));
    }

    @Test
    void fourthQuarterIsAnnualMinusNineMonthsWhenTheNineMonthsExist() {
        FundamentalsReference ref = new FundamentalsReference();
        file(ref, "AAA", "10-Q", "A-1", "2023-05-01", 2023, "Q1", dur("revenue", "2023-01-01", "2023-03-31", 100));
        file(ref, "AAA", "10-Q", "A-2", "2023-08-01", 2023, "Q2", dur("revenue", "2023-04-01", "2023-06-30", 110));
        // the nine months deliberately differ from Q1+Q2+Q3 (330) to tell rule 3b from rule 3c
        file(ref, "AAA", "10-Q", "A-3", "2023-11-01", 2023, "Q3",
                dur("revenue", "2023-07-01", "2023-09-30", 120),
                dur("revenue", "2023-01-01", "2023-09-30", 335));
        file(ref, "AAA", "10-K", "A-4", "2024-02-20", 2023, "FY", dur("revenue", "2023-01-01", "2023-12-31", 460));

        SortedMap<LocalDate, Quarter> q = ref.quarters("AAA", "revenue");
        assertEquals(quarter("2023-07-01", "2023-09-30", 120), q.get(dt("2023-09-30"))); // 3a, not 9M - 6M
        assertEquals(quarter("2023-10-01", "2023-12-31", 125), q.get(dt("2023-12-31"))); // 460 - 335
        assertEquals(100 + 110 + 120 + 125.0, fundamentalsRow(ref, "AAA", "2023-12-31").get("revenue_ttm"));
    }

    @Test
    void fourthQuarterIsAnnualMinusThreeQuartersWithoutNineMonths() {
        FundamentalsReference ref = new FundamentalsReference();
        file(ref, "AAA", "10-Q", "A-1", "2023-05-01", 2023, "Q1", dur("revenue", "2023-01-01", "2023-03-31", 100));
        file(ref, "AAA", "10-Q", "A-2", "2023-08-01", 2023, "Q2", dur("revenue", "2023-04-01", "2023-06-30", 110));
        file(ref, "AAA", "10-Q", "A-3", "2023-11-01", 2023, "Q3", dur("revenue", "2023-07-01", "2023-09-30", 120));
        file(ref, "AAA", "10-K", "A-4", "2024-02-20", 2023, "FY", dur("revenue", "2023-01-01", "2023-12-31", 460));
        // a second company with an annual but only two quarters: no Q4
        file(ref, "BBB", "10-Q", "B-1", "2023-05-01", 2023, "Q1", dur("revenue", "2023-01-01", "2023-03-31", 100));
        file(ref, "BBB", "10-Q", "B-3", "2023-11-01", 2023, "Q3", dur("revenue", "2023-07-01", "2023-09-30", 120));
        file(ref, "BBB", "10-K", "B-4", "2024-02-20", 2023, "FY", dur("revenue", "2023-01-01", "2023-12-31", 460));

        assertEquals(quarter("2023-10-01", "2023-12-31", 130), ref.quarters("AAA", "revenue").get(dt("2023-12-31")));
        assertEquals(460.0, fundamentalsRow(ref, "AAA", "2023-12-31").get("revenue_ttm"));
        assertFalse(ref.quarters("BBB", "revenue").containsKey(dt("2023-12-31")));
        assertNull(fundamentalsRow(ref, "BBB", "2023-12-31").get("revenue_ttm"));
    }

    @Test
    void fiftyThreeWeekYearWithQuartersOf98And91Days() {
        // fiscal year 2022-09-25 .. 2023-09-30 (371 days): quarters of 98, 91, 91 and 91 days
        FundamentalsReference ref = new FundamentalsReference();
        file(ref, "AAA", "10-Q", "A-1", "2023-02-01", 2023, "Q1",
                dur("revenue", "2022-09-25", "2022-12-31", 980),
                dur("operating_cash_flow", "2022-09-25", "2022-12-31", 98));
        file(ref, "AAA", "10-Q", "A-2", "2023-05-01", 2023, "Q2",
                dur("revenue", "2023-01-01", "2023-04-01", 910),
                dur("revenue", "2022-09-25", "2023-04-01", 1890),
                dur("operating_cash_flow", "2022-09-25", "2023-04-01", 189));
        file(ref, "AAA", "10-Q", "A-3", "2023-08-01", 2023, "Q3",
                dur("revenue", "2023-04-02", "2023-07-01", 920),
                dur("operating_cash_flow", "2022-09-25", "2023-07-01", 285));
        file(ref, "AAA", "10-K", "A-4", "2023-11-20", 2023, "FY",
                dur("revenue", "2022-09-25", "2023-09-30", 3740),
                dur("operating_cash_flow", "2022-09-25", "2023-09-30", 380));

        assertEquals(new TreeMap<>(Map.of(
                dt("2022-12-31"), quarter("2022-09-25", "2022-12-31", 980),
                dt("2023-04-01"), quarter("2023-01-01", "2023-04-01", 910),
                dt("2023-07-01"), quarter("2023-04-02", "2023-07-01", 920),
                dt("2023-09-30"), quarter("2023-07-02", "2023-09-30", 930))), // 3c: 3740 - 2810
                ref.quarters("AAA", "revenue"));
        assertEquals(new TreeMap<>(Map.of(
                dt("2022-12-31"), quarter("2022-09-25", "2022-12-31", 98),
                dt("2023-04-01"), quarter("2023-01-01", "2023-04-01", 91),
                dt("2023-07-01"), quarter("2023-04-02", "2023-07-01", 96),
                dt("2023-09-30"), quarter("2023-07-02", "2023-09-30", 95))), // 3b: 380 - 285
                ref.quarters("AAA", "operating_cash_flow"));
        Map<String, Object> fy = fundamentalsRow(ref, "AAA", "2023-09-30");
        assertEquals(3740.0, fy.get("revenue_ttm"));
        assertEquals(380.0, fy.get("operating_cash_flow_ttm"));
        assertEquals(List.of(dt("2022-12-31"), dt("2023-04-01"), dt("2023-07-01"), dt("2023-09-30")),
                new ArrayList<>(ref.fundamentals().get("AAA").keySet()));
    }

    @Test
    void fiscalYearEndingInSeptember() {
        FundamentalsReference ref = new FundamentalsReference();
        file(ref, "AAA", "10-Q", "A-1", "2023-02-01", 2023, "Q1", dur("revenue", "2022-10-01", "2022-12-31", 100));
        file(ref, "AAA", "10-Q", "A-2", "2023-05-01", 2023, "Q2", dur("revenue", "2023-01-01", "2023-03-31", 200));
        file(ref, "AAA", "10-Q", "A-3", "2023-08-01", 2023, "Q3", dur("revenue", "2023-04-01", "2023-06-30", 300));
        file(ref, "AAA", "10-K", "A-4", "2023-11-15", 2023, "FY",
                dur("revenue", "2022-10-01", "2023-09-30", 1000),
                dur("revenue", "2021-10-01", "2022-09-30", 900)); // prior-year comparative: no row, no quarter
        file(ref, "AAA", "10-Q", "A-5", "2024-02-01", 2024, "Q1", dur("revenue", "2023-10-01", "2023-12-31", 500));

        assertEquals(quarter("2023-07-01", "2023-09-30", 400), ref.quarters("AAA", "revenue").get(dt("2023-09-30")));
        assertFalse(ref.quarters("AAA", "revenue").containsKey(dt("2022-09-30")));
        Map<String, Object> fy = fundamentalsRow(ref, "AAA", "2023-09-30");
        assertEquals(1000.0, fy.get("revenue_ttm"));
        assertEquals(2023, fy.get("fiscal_year"));
        assertEquals("FY", fy.get("fiscal_period"));
        assertEquals(dt("2023-11-15"), fy.get("filed"));
        Map<String, Object> q1 = fundamentalsRow(ref, "AAA", "2023-12-31");
        assertEquals(200 + 300 + 400 + 500.0, q1.get("revenue_ttm"));
        assertEquals(2024, q1.get("fiscal_year"));
        assertEquals("Q1", q1.get("fiscal_period"));
        assertNull(fundamentalsRow(ref, "AAA", "2023-06-30").get("revenue_ttm"));
        assertEquals(5, ref.fundamentals().get("AAA").size());
    }

    @Test
    void directQuarterFactsArePreferredOverYearToDateDifferences() {
        FundamentalsReference ref = new FundamentalsReference();
        file(ref, "AAA", "10-Q", "A-1", "2023-05-01", 2023, "Q1", dur("revenue", "2023-01-01", "2023-03-31", 100));
        file(ref, "AAA", "10-Q", "A-2", "2023-08-01", 2023, "Q2",
                dur("revenue", "2023-01-01", "2023-06-30", 260), // 6M - 3M would give 160
                dur("revenue", "2023-03-25", "2023-06-30", 170), // 98 days, earlier start: loses to 04-01
                dur("revenue", "2023-04-01", "2023-06-30", 150));
        assertEquals(quarter("2023-04-01", "2023-06-30", 150), ref.quarters("AAA", "revenue").get(dt("2023-06-30")));
    }

    @Test
    void yearToDateDifferenceNeedsAShorterDurationOfAtLeast80Days() {
        FundamentalsReference ref = new FundamentalsReference();
        // (s, e1) of 79 days: no 3b quarter; (s, e1) of 80 days: a quarter
        file(ref, "AAA", "10-Q", "A-1", "2023-08-01", 2023, "Q2",
                dur("capex", "2023-01-01", "2023-03-20", 10),  // 79 days
                dur("capex", "2023-01-01", "2023-06-20", 50)); // days(03-20, 06-20) = 92
        file(ref, "BBB", "10-Q", "B-1", "2023-08-01", 2023, "Q2",
                dur("capex", "2023-01-01", "2023-03-21", 10),  // 80 days
                dur("capex", "2023-01-01", "2023-06-21", 50));
        assertEquals(Map.of(), ref.quarters("AAA", "capex"));
        assertEquals(new TreeMap<>(Map.of(
                dt("2023-03-21"), quarter("2023-01-01", "2023-03-21", 10),
                dt("2023-06-21"), quarter("2023-03-22", "2023-06-21", 40))), ref.quarters("BBB", "capex"));
    }

    // ------------------------------------------------------------------------------------------
    // Rules 1, 2, 4: winners, rows, TTM

    @Test
    void amendmentFiledLaterReplacesTheValueAndTheTtm() {
        FundamentalsReference ref = new FundamentalsReference();
        quarterly(ref, "AAA", "2022-06-30", "2022-08-01", m("revenue", 10), m());
        quarterly(ref, "AAA", "2022-09-30", "2022-11-01", m("revenue", 20), m());
        quarterly(ref, "AAA", "2022-12-31", "2023-02-20", m("revenue", 30), m());
        quarterly(ref, "AAA", "2023-03-31", "2023-05-01", m("revenue", 40), m("shares_outstanding", 10));
        // the original, and an amendment filed later whose accession sorts first: filed decides
        file(ref, "AAA", "10-Q", "0009-23-000900", "2023-08-01", 2023, "Q2",
                dur("revenue", "2023-04-01", "2023-06-30", 100), inst("shares_outstanding", "2023-06-30", 10));
        file(ref, "AAA", "10-Q/A", "0009-23-000100", "2023-09-01", 2023, "Q2",
                dur("revenue", "2023-04-01", "2023-06-30", 110), inst("shares_outstanding", "2023-06-30", 10));
        for (String d : List.of("2023-07-31", "2023-08-01", "2023-08-31", "2023-09-01", "2023-09-05")) {
            ref.addBar("AAA", dt(d), 50);
        }

        Map<String, Object> q2 = fundamentalsRow(ref, "AAA", "2023-06-30");
        assertEquals(20 + 30 + 40 + 110.0, q2.get("revenue_ttm"));
        assertEquals(dt("2023-09-01"), q2.get("filed")); // the row's filing is the amendment
        assertEquals("Q2", q2.get("fiscal_period"));

        // valuation: ps = 50 * 10 / revenue_ttm of the visible basis
        assertEquals(500 / (10 + 20 + 30 + 40.0), num(valuationRow(ref, "AAA", "2023-07-31"), "ps"), EPS);
        assertEquals(500 / (20 + 30 + 40 + 100.0), num(valuationRow(ref, "AAA", "2023-08-01"), "ps"), EPS);
        assertEquals(500 / (20 + 30 + 40 + 100.0), num(valuationRow(ref, "AAA", "2023-08-31"), "ps"), EPS);
        assertEquals(500 / (20 + 30 + 40 + 110.0), num(valuationRow(ref, "AAA", "2023-09-01"), "ps"), EPS);
        assertEquals(500 / (20 + 30 + 40 + 110.0), num(valuationRow(ref, "AAA", "2023-09-05"), "ps"), EPS);
    }

    @Test
    void onTheSameFilingDateTheGreaterAccessionWins() {
        FundamentalsReference ref = new FundamentalsReference();
        file(ref, "AAA", "10-Q", "0001-23-000002", "2023-05-01", 2023, "Q1",
                inst("total_assets", "2023-03-31", 200));
        file(ref, "AAA", "10-Q/A", "0001-23-000001", "2023-05-01", 2022, "Q4",
                inst("total_assets", "2023-03-31", 100));
        Map<String, Object> row = fundamentalsRow(ref, "AAA", "2023-03-31");
        assertEquals(200.0, row.get("total_assets"));
        assertEquals(2023, row.get("fiscal_year"));
        assertEquals("Q1", row.get("fiscal_period"));
    }

    @Test
    void periodEndIsTheLatestEndOfAKnownConcept() {
        FundamentalsReference ref = new FundamentalsReference();
        file(ref, "AAA", "10-Q", "A-1", "2023-05-01", 2023, "Q1",
                dur("revenue", "2023-01-01", "2023-03-31", 100),
                inst("some_unknown_concept", "2023-06-30", 1), // ignored, also for the period end
                inst("total_assets", "2022-12-31", 900));
        file(ref, "AAA", "10-Q", "A-2", "2023-05-02", 2023, "Q1", inst("unknown_only", "2023-03-31", 1));
        assertEquals(List.of(dt("2023-03-31")), new ArrayList<>(ref.fundamentals().get("AAA").keySet()));
        assertEquals(dt("2023-05-01"), fundamentalsRow(ref, "AAA", "2023-03-31").get("filed"));
    }

    @Test
    void gapQuarterMeansNoTtmUntilFourConsecutiveQuartersExist() {
        FundamentalsReference ref = new FundamentalsReference();
        quarterly(ref, "AAA", "2022-03-31", "2022-05-01", m("revenue", 1), m());
        quarterly(ref, "AAA", "2022-06-30", "2022-08-01", m("revenue", 2), m());
        // no 2022-09-30 quarter
        quarterly(ref, "AAA", "2022-12-31", "2023-02-20", m("revenue", 4), m());
        quarterly(ref, "AAA", "2023-03-31", "2023-05-01", m("revenue", 5), m());
        quarterly(ref, "AAA", "2023-06-30", "2023-08-01", m("revenue", 6), m());
        quarterly(ref, "AAA", "2023-09-30", "2023-11-01", m("revenue", 7), m());
        SortedMap<LocalDate, Map<String, Object>> rows = ref.fundamentals().get("AAA");
        assertEquals(6, rows.size());
        for (String end : List.of("2022-03-31", "2022-06-30", "2022-12-31", "2023-03-31", "2023-06-30")) {
            assertNull(rows.get(dt(end)).get("revenue_ttm"), end);
        }
        assertEquals(4 + 5 + 6 + 7.0, rows.get(dt("2023-09-30")).get("revenue_ttm"));
    }

    // ------------------------------------------------------------------------------------------
    // Rule 5: balance items

    @Test
    void balanceItemsOnlyAtTheExactPeriodEnd() {
        FundamentalsReference ref = new FundamentalsReference();
        file(ref, "AAA", "10-Q", "A-1", "2023-05-01", 2023, "Q1",
                dur("revenue", "2023-01-01", "2023-03-31", 100),
                inst("total_assets", "2022-12-31", 900), // comparative: not at the row's end
                inst("cash", "2023-03-31", 70));
        file(ref, "AAA", "10-Q", "A-2", "2023-08-01", 2023, "Q2",
                dur("revenue", "2023-04-01", "2023-06-30", 100),
                inst("total_assets", "2023-06-29", 950), // one day off
                inst("cash", "2023-03-31", 77)); // restates the Q1 row's cash
        Map<String, Object> q1 = fundamentalsRow(ref, "AAA", "2023-03-31");
        assertNull(q1.get("total_assets"));
        assertEquals(77.0, q1.get("cash"));
        assertEquals(dt("2023-05-01"), q1.get("filed"));
        Map<String, Object> q2 = fundamentalsRow(ref, "AAA", "2023-06-30");
        assertNull(q2.get("total_assets"));
        assertNull(q2.get("cash"));
        assertFalse(ref.fundamentals().get("AAA").containsKey(dt("2022-12-31")));
    }

    // ------------------------------------------------------------------------------------------
    // Rule 6: growth

    @Test
    void yearOverYearGrowthDividesByTheAbsolutePrior() {
        FundamentalsReference ref = new FundamentalsReference();
        for (String end : List.of("2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31")) {
            quarterly(ref, "AAA", end, dt(end).plusDays(30).toString(), m("revenue", 100, "eps_diluted", -0.5), m());
        }
        for (String end : List.of("2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31")) {
            quarterly(ref, "AAA", end, dt(end).plusDays(30).toString(), m("revenue", 125, "eps_diluted", 0.25), m());
        }
        // a prior eps_ttm of exactly 0
        double[] bbbEps = {0.5, -0.5, 0.25, -0.25, 1, 1, 1, 1};
        String[] ends = {"2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31", "2023-03-31", "2023-06-30",
            "2023-09-30", "2023-12-31"};
        for (int i = 0; i < ends.length; i++) {
            quarterly(ref, "BBB", ends[i], dt(ends[i]).plusDays(30).toString(), m("eps_diluted", bbbEps[i]), m());
        }

        Map<String, Object> row = fundamentalsRow(ref, "AAA", "2023-12-31");
        assertEquals(1.0, row.get("eps_ttm"));
        assertEquals(1.5, num(row, "eps_growth_yoy"), EPS); // (1 - (-2)) / |-2|
        assertEquals(0.25, num(row, "revenue_growth_yoy"), EPS); // (500 - 400) / 400
        // the prior row of 2023-03-31 (2022-03-31) has no TTM
        assertNull(fundamentalsRow(ref, "AAA", "2023-03-31").get("eps_growth_yoy"));
        assertNull(fundamentalsRow(ref, "AAA", "2023-03-31").get("revenue_growth_yoy"));
        assertEquals(0.0, fundamentalsRow(ref, "BBB", "2022-12-31").get("eps_ttm"));
        assertNull(fundamentalsRow(ref, "BBB", "2023-12-31").get("eps_growth_yoy"));
        assertNull(fundamentalsRow(ref, "BBB", "2023-12-31").get("revenue_growth_yoy"));
    }

    @Test
    void quarterDifferencesAndTtmSumsAreExactInDecimal() {
        // fiscal years ending in September; Q4 = FY - 9M. In binary doubles 1.1 - 0.75 is
        // 0.35000000000000009 and the two TTMs below differ in the last bit; in decimal both are 1.11.
        FundamentalsReference ref = new FundamentalsReference();
        file(ref, "AAA", "10-Q", "A-1", "2022-05-01", 2022, "Q2", dur("eps_diluted", "2022-01-01", "2022-03-31", 0.25));
        file(ref, "AAA", "10-Q", "A-2", "2022-08-01", 2022, "Q3",
                dur("eps_diluted", "2022-04-01", "2022-06-30", 0.28),
                dur("eps_diluted", "2021-10-01", "2022-06-30", 0.75));
        file(ref, "AAA", "10-K", "A-3", "2022-11-15", 2022, "FY", dur("eps_diluted", "2021-10-01", "2022-09-30", 1.1));
        file(ref, "AAA", "10-Q", "A-4", "2023-02-01", 2023, "Q1", dur("eps_diluted", "2022-10-01", "2022-12-31", 0.23));
        file(ref, "AAA", "10-Q", "A-5", "2023-05-01", 2023, "Q2", dur("eps_diluted", "2023-01-01", "2023-03-31", 0.34));
        file(ref, "AAA", "10-Q", "A-6", "2023-08-01", 2023, "Q3",
                dur("eps_diluted", "2023-04-01", "2023-06-30", 0.2),
                dur("eps_diluted", "2022-10-01", "2023-06-30", 0.77));
        file(ref, "AAA", "10-K", "A-7", "2023-11-15", 2023, "FY", dur("eps_diluted", "2022-10-01", "2023-09-30", 0.98));
        file(ref, "AAA", "10-Q", "A-8", "2024-02-01", 2024, "Q1", dur("eps_diluted", "2023-10-01", "2023-12-31", 0.36));

        assertEquals(0.35, ref.quarters("AAA", "eps_diluted").get(dt("2022-09-30")).value());
        assertEquals(0.21, ref.quarters("AAA", "eps_diluted").get(dt("2023-09-30")).value());
        assertEquals(1.11, fundamentalsRow(ref, "AAA", "2022-12-31").get("eps_ttm"));
        assertEquals(1.11, fundamentalsRow(ref, "AAA", "2023-12-31").get("eps_ttm"));
        assertEquals(0.0, fundamentalsRow(ref, "AAA", "2023-12-31").get("eps_growth_yoy"));

        // 0.4 + 0.3 + 0.2 + 0.1 is 0.9999999999999999 in doubles, 1 in decimal
        FundamentalsReference tenths = new FundamentalsReference();
        double[] values = {0.4, 0.3, 0.2, 0.1};
        String[] ends = {"2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31"};
        for (int i = 0; i < 4; i++) {
            quarterly(tenths, "AAA", ends[i], dt(ends[i]).plusDays(30).toString(), m("revenue", values[i]), m());
        }
        assertEquals(1.0, fundamentalsRow(tenths, "AAA", "2023-12-31").get("revenue_ttm"));
    }

    @Test
    void priorRowIsTheLatestPeriodEndBetween380And350DaysEarlier() {
        FundamentalsReference ref = new FundamentalsReference();
        // rows at e - 381, e - 380, e - 350, e - 349 (e = 2023-12-31); the prior is e - 350
        LocalDate e = dt("2023-12-31");
        double[] revenue = {1, 2, 4, 8};
        int[] back = {381, 380, 350, 349};
        for (int i = 0; i < back.length; i++) {
            LocalDate end = e.minusDays(back[i]);
            // four 91-day quarters ending at `end`, each as its own direct fact in one filing
            List<Fact> facts = new ArrayList<>();
            LocalDate qEnd = end;
            for (int k = 0; k < 4; k++) {
                facts.add(Fact.duration("revenue", qEnd.minusDays(90), qEnd, revenue[i]));
                qEnd = qEnd.minusDays(91);
            }
            ref.addFiling("AAA", "10-Q", "A-" + i, end.plusDays(30), 2023, "Q1", facts);
        }
        List<Fact> facts = new ArrayList<>();
        LocalDate qEnd = e;
        for (int k = 0; k < 4; k++) {
            facts.add(Fact.duration("revenue", qEnd.minusDays(90), qEnd, 10));
            qEnd = qEnd.minusDays(91);
        }
        ref.addFiling("AAA", "10-K", "A-9", e.plusDays(30), 2023, "FY", facts);
        // revenue_ttm(prior) = 4 * 4 = 16 (the e - 350 row), now 40
        assertEquals((40 - 16) / 16.0, num(fundamentalsRow(ref, "AAA", "2023-12-31"), "revenue_growth_yoy"), EPS);
    }

    // ------------------------------------------------------------------------------------------
    // Rules 7 and 8: Piotroski and Altman

    /**
     * 2022 and 2023 as four direct quarters each; balance items at both year ends. 2022: revenue
     * 1000, gross profit 400, net income 80, OCF 100; TA 2000, debt 500, CA 600, CL 300, shares
     * 100. 2023: revenue 1200, gross profit 500, operating income 200, net income 120, OCF 100;
     * TA 2000, TL 1000, debt 400, CA 700, CL 400, RE 300, shares 110.
     */
    private static FundamentalsReference twoYears(String filed2023, boolean priorCurrentLiabilities) {
        FundamentalsReference ref = new FundamentalsReference();
        for (String end : List.of("2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31")) {
            Map<String, Double> balance = end.equals("2022-12-31")
                    ? m("total_assets", 2000, "total_debt", 500, "current_assets", 600, "shares_outstanding", 100)
                    : m();
            if (end.equals("2022-12-31") && priorCurrentLiabilities) {
                balance.put("current_liabilities", 300.0);
            }
            quarterly(ref, "AAA", end, dt(end).plusDays(40).toString(), m("revenue", 250, "gross_profit", 100,
                    "net_income", 20, "operating_cash_flow", 25), balance);
        }
        for (String end : List.of("2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31")) {
            Map<String, Double> balance = end.equals("2023-12-31")
                    ? m("total_assets", 2000, "total_liabilities", 1000, "total_debt", 400, "current_assets", 700,
                            "current_liabilities", 400, "retained_earnings", 300, "shares_outstanding", 110)
                    : m();
            String filed = end.equals("2023-12-31") ? filed2023 : dt(end).plusDays(40).toString();
            quarterly(ref, "AAA", end, filed, m("revenue", 300, "gross_profit", 125, "operating_income", 50,
                    "net_income", 30, "operating_cash_flow", 25), balance);
        }
        return ref;
    }

    @Test
    void piotroskiCountsTheNineTestsByHand() {
        FundamentalsReference ref = twoYears("2024-02-20", true);
        Map<String, Object> row = fundamentalsRow(ref, "AAA", "2023-12-31");
        // 1 NI 120 > 0 yes; 2 OCF 100 > 0 yes; 3 ROA .06 > .04 yes; 4 OCF 100 > NI 120 no;
        // 5 leverage .2 < .25 yes; 6 current ratio 1.75 > 2 no; 7 shares 110 <= 100 no;
        // 8 gross margin .41667 > .4 yes; 9 turnover .6 > .5 yes
        assertEquals(6, row.get("piotroski_f"));
        assertEquals(1200.0, row.get("revenue_ttm"));
        assertEquals(120.0, row.get("net_income_ttm"));
        // no prior row for 2022-12-31
        assertNull(fundamentalsRow(ref, "AAA", "2022-12-31").get("piotroski_f"));
        // one missing input (prior current liabilities): null
        assertNull(fundamentalsRow(twoYears("2024-02-20", false), "AAA", "2023-12-31").get("piotroski_f"));
    }

    @Test
    void altmanZByHandWithTheCloseOfTheFilingDate() {
        FundamentalsReference ref = twoYears("2024-02-20", true);
        ref.addBar("AAA", dt("2024-02-16"), 40);
        ref.addBar("AAA", dt("2024-02-20"), 50);
        ref.addBar("AAA", dt("2024-02-21"), 99);
        // 1.2*300/2000 + 1.4*300/2000 + 3.3*200/2000 + 0.6*(50*110)/1000 + 1.0*1200/2000
        // = 0.18 + 0.21 + 0.33 + 3.3 + 0.6
        assertEquals(4.62, num(fundamentalsRow(ref, "AAA", "2023-12-31"), "altman_z"), EPS);
        // incomplete inputs at the 2022 row (no TL, RE, operating income): null
        assertNull(fundamentalsRow(ref, "AAA", "2022-12-31").get("altman_z"));
    }

    @Test
    void altmanZUsesTheLastCloseBeforeANonTradingFilingDate() {
        FundamentalsReference ref = twoYears("2024-02-17", true); // a Saturday
        ref.addBar("AAA", dt("2024-02-15"), 30);
        ref.addBar("AAA", dt("2024-02-16"), 40);
        ref.addBar("AAA", dt("2024-02-19"), 99);
        // 0.18 + 0.21 + 0.33 + 0.6*(40*110)/1000 + 0.6
        assertEquals(3.96, num(fundamentalsRow(ref, "AAA", "2023-12-31"), "altman_z"), EPS);

        FundamentalsReference noEarlierBar = twoYears("2024-02-17", true);
        noEarlierBar.addBar("AAA", dt("2024-02-19"), 99);
        assertNull(fundamentalsRow(noEarlierBar, "AAA", "2023-12-31").get("altman_z"));
        assertEquals(6, fundamentalsRow(noEarlierBar, "AAA", "2023-12-31").get("piotroski_f"));
    }

    // ------------------------------------------------------------------------------------------
    // Rule 9: valuation

    /** 2023 as four direct quarters, balance at 2023-12-31, the 10-K filed 2024-02-01. */
    private static FundamentalsReference oneYear(double eps, double operatingIncome, double depreciation) {
        FundamentalsReference ref = new FundamentalsReference();
        for (String end : List.of("2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31")) {
            Map<String, Double> balance = end.equals("2023-12-31")
                    ? m("shares_outstanding", 100, "stockholders_equity", 500, "total_debt", 300, "cash", 100,
                            "current_assets", 600, "current_liabilities", 300)
                    : m();
            String filed = end.equals("2023-12-31") ? "2024-02-01" : dt(end).plusDays(35).toString();
            quarterly(ref, "AAA", end, filed, m("revenue", 250, "gross_profit", 100, "operating_income",
                    operatingIncome, "net_income", 25, "eps_diluted", eps, "operating_cash_flow", 40, "capex", 10,
                    "depreciation_amortization", depreciation), balance);
        }
        return ref;
    }

    @Test
    void valuationRowByHand() {
        FundamentalsReference ref = oneYear(0.25, 50, 5);
        ref.addBar("AAA", dt("2024-02-01"), 20);
        Map<String, Object> row = valuationRow(ref, "AAA", "2024-02-01");
        assertEquals(FundamentalsReference.VALUATION_COLUMNS, new ArrayList<>(row.keySet()));
        Map<String, Double> want = m("price", 20, "market_cap", 2000, "pe", 20, "ps", 2, "pb", 4, "ev", 2200,
                "ev_ebitda", 10, "fcf_yield", 0.06, "dividend_yield", 0, "gross_margin", 0.4, "operating_margin", 0.2,
                "net_margin", 0.1, "roe", 0.2, "debt_to_equity", 0.6, "current_ratio", 2);
        want.forEach((column, value) -> assertEquals(value, num(row, column), EPS, column));
        Map<String, Object> fy = fundamentalsRow(ref, "AAA", "2023-12-31");
        assertEquals(220.0, fy.get("ebitda_ttm"));
        assertEquals(20.0, fy.get("depreciation_amortization_ttm"));
        assertEquals(120.0, fy.get("fcf_ttm"));
    }

    @Test
    void peIsNullUnlessEpsTtmIsPositive() {
        for (double eps : new double[] {0, -0.25}) {
            FundamentalsReference ref = oneYear(eps, 50, 5);
            ref.addBar("AAA", dt("2024-02-01"), 20);
            Map<String, Object> row = valuationRow(ref, "AAA", "2024-02-01");
            assertNull(row.get("pe"), "eps " + eps);
            assertEquals(2000.0, row.get("market_cap"));
        }
        FundamentalsReference tiny = oneYear(0.001, 50, 5);
        tiny.addBar("AAA", dt("2024-02-01"), 20);
        assertEquals(5000, num(valuationRow(tiny, "AAA", "2024-02-01"), "pe"), 1e-9);
    }

    @Test
    void evEbitdaIsNullUnlessEbitdaTtmIsPositive() {
        // ebitda_ttm = 4 * (oi + da): 0 and -40
        for (double[] oiDa : new double[][] {{-5, 5}, {-15, 5}}) {
            FundamentalsReference ref = oneYear(0.25, oiDa[0], oiDa[1]);
            ref.addBar("AAA", dt("2024-02-01"), 20);
            Map<String, Object> row = valuationRow(ref, "AAA", "2024-02-01");
            assertNull(row.get("ev_ebitda"));
            assertEquals(2200.0, row.get("ev"));
            assertEquals(4 * oiDa[0] / 1000, num(row, "operating_margin"), EPS);
        }
    }

    @Test
    void noLookAheadAFilingIsVisibleFromItsFilingDate() {
        FundamentalsReference ref = oneYear(0.25, 50, 5);
        ref.addBar("AAA", dt("2024-01-31"), 20);
        ref.addBar("AAA", dt("2024-02-01"), 20);
        ref.addBar("AAA", dt("2024-02-02"), 20);
        ref.addBar("AAA", dt("2023-04-01"), 20); // before any filing
        // on 2024-01-31 the basis is the Q3 row: TTM null (three quarters), no balance items
        Map<String, Object> before = valuationRow(ref, "AAA", "2024-01-31");
        assertEquals(20.0, before.get("price"));
        assertEquals(0.0, before.get("dividend_yield"));
        for (String c : FundamentalsReference.VALUATION_COLUMNS) {
            if (!c.equals("price") && !c.equals("dividend_yield")) {
                assertNull(before.get(c), c);
            }
        }
        assertEquals(2000.0, valuationRow(ref, "AAA", "2024-02-01").get("market_cap"));
        assertEquals(20.0, valuationRow(ref, "AAA", "2024-02-02").get("pe"));
        assertNull(valuationRow(ref, "AAA", "2023-04-01").get("market_cap"));
        assertEquals(4, ref.valuation().get("AAA").size());
    }

    @Test
    void dividendYieldWindowIsTheLast365Days() {
        FundamentalsReference ref = new FundamentalsReference();
        LocalDate d = dt("2024-03-01");
        assertEquals(dt("2023-03-02"), d.minusDays(365));
        ref.addBar("ETF", d, 50);
        ref.addDividend("ETF", dt("2023-03-02"), 1.0);  // d - 365: excluded
        ref.addDividend("ETF", dt("2023-03-03"), 0.5);  // d - 364: included
        ref.addDividend("ETF", dt("2024-03-01"), 0.25); // d: included
        ref.addDividend("ETF", dt("2024-03-02"), 2.0);  // after d: excluded
        ref.addDividend("OTHER", dt("2024-03-01"), 9.0);
        Map<String, Object> row = valuationRow(ref, "ETF", "2024-03-01");
        assertEquals(0.75 / 50, num(row, "dividend_yield"), EPS);
        // a symbol without filings: only price and dividend yield
        for (String c : FundamentalsReference.VALUATION_COLUMNS) {
            assertEquals(c.equals("price") || c.equals("dividend_yield"), row.get(c) != null, c);
        }
        assertFalse(ref.valuation().containsKey("OTHER")); // no bars, no rows
        assertTrue(ref.fundamentals().isEmpty());
    }

    // ------------------------------------------------------------------------------------------
    // fromFolder

    private void write(String name, String... lines) throws IOException {
        Files.write(tmp.resolve(name), List.of(lines), StandardCharsets.UTF_8);
    }

    @Test
    void fromFolderSkipsInvalidLinesDuplicatesAndIntradayRows() throws IOException {
        write("prices.csv",
                "Date,SYMBOL,open,High,low,close,volume,ts,extra",
                "2024-01-02,AAA,10,11,9,10.5,1000,,x",
                "2024-01-02,AAA,10,13,9,12,1000,,x",                     // conflicting duplicate
                "2024-01-03,AAA,10,11,9,12,1000,,x",                     // close above high
                "2024-01-03,AAA,10,11,9,10.8,1000,2024-01-03T15:00:00Z,x", // intraday: ignored
                "2024-01-04,AAA,10,11,9,10,1000",                        // too few fields
                "2024-01-04,bad$,10,11,9,10,1000,,x",                    // bad symbol
                "",
                "2024-01-05,AAA,10,11,9,10.2,1000,,x");
        write("prices_z.csv",
                "symbol,date,open,high,low,close,volume",
                "AAA,2024-01-05,10,11,9,10.9,5",                         // duplicate of an earlier file's bar
                "AAA,2024-01-08,10,11,9,11,5");
        write("prices.txt", "symbol,date,open,high,low,close,volume", "AAA,2024-01-09,10,11,9,11,5");
        write("corporate_actions.csv",
                "symbol,ex_date,type,value",
                "AAA,2024-01-05,dividend,0.5",
                "AAA,2024-01-05,dividend,0.7",                           // duplicate key
                "AAA,2024-01-08,split,2",                                // valid, irrelevant
                "AAA,2024-01-08,dividend,-1",                            // negative dividend
                "AAA,2024/01/08,dividend,1",                             // bad date
                "AAA,2024-01-08,DIVIDEND,0.1");
        String valid = "{\"symbol\":\"AAA\",\"cik\":\"1\",\"form\":\"10-K\",\"accession\":\"0001-24-000001\","
                + "\"filed\":\"2024-01-05\",\"fiscal_year\":2023,\"fiscal_period\":\"FY\",\"facts\":["
                + "{\"concept\":\"shares_outstanding\",\"end\":\"2023-12-31\",\"value\":1000}]}";
        write("filings.jsonl",
                valid,
                "",
                valid.substring(0, 40),                                  // unparseable
                valid.replace("\"accession\":\"0001-24-000001\",", ""),  // missing accession
                valid.replace("1000", "2000"),                           // duplicate accession
                valid.replace("10-K", "8-K").replace("000001", "000002")); // bad form

        FundamentalsReference ref = FundamentalsReference.fromFolder(tmp);
        assertEquals(5 + 3 + 4, ref.skippedRecords());
        SortedMap<LocalDate, Map<String, Object>> v = ref.valuation().get("AAA");
        assertEquals(List.of(dt("2024-01-02"), dt("2024-01-05"), dt("2024-01-08")), new ArrayList<>(v.keySet()));
        assertEquals(10.5, v.get(dt("2024-01-02")).get("price"));
        assertNull(v.get(dt("2024-01-02")).get("market_cap"));
        assertEquals(10.2 * 1000, num(v.get(dt("2024-01-05")), "market_cap"), EPS);
        assertEquals(0.5 / 10.2, num(v.get(dt("2024-01-05")), "dividend_yield"), EPS);
        assertEquals(11.0 * 1000, num(v.get(dt("2024-01-08")), "market_cap"), EPS);
        assertEquals(0.6 / 11, num(v.get(dt("2024-01-08")), "dividend_yield"), EPS);
        Map<String, Object> fy = fundamentalsRow(ref, "AAA", "2023-12-31");
        assertEquals(1000.0, fy.get("shares_outstanding"));
        assertEquals(2023, fy.get("fiscal_year"));
        assertEquals(1, ref.fundamentals().get("AAA").size());
    }

    @Test
    void fromFolderRejectsACsvWithoutARequiredColumn() throws IOException {
        write("prices.csv", "symbol,date,open,high,low,volume", "AAA,2024-01-02,10,11,9,5");
        assertThrows(IOException.class, () -> FundamentalsReference.fromFolder(tmp));
    }

    // ------------------------------------------------------------------------------------------
    // ResultCsv

    private static String cell(Object v) {
        return v == null ? "" : CsvLine.quote(v.toString());
    }

    /** Writes rows as the export does: key columns, the given columns, then a trailing extra column. */
    private Path export(Map<String, SortedMap<LocalDate, Map<String, Object>>> rows, String dateColumn,
                        List<String> columns) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("symbol," + dateColumn + "," + String.join(",", columns) + ",provisional");
        rows.forEach((symbol, byDate) -> byDate.forEach((date, row) -> {
            List<String> cells = new ArrayList<>(List.of(symbol, date.toString()));
            columns.forEach(c -> cells.add(cell(row.get(c))));
            cells.add("false");
            lines.add(String.join(",", cells));
        }));
        Path csv = tmp.resolve("export-" + lines.hashCode() + ".csv");
        Files.write(csv, lines, StandardCharsets.UTF_8);
        return csv;
    }

    private static Map<String, SortedMap<LocalDate, Map<String, Object>>> copy(
            Map<String, SortedMap<LocalDate, Map<String, Object>>> rows) {
        Map<String, SortedMap<LocalDate, Map<String, Object>>> c = new TreeMap<>();
        rows.forEach((s, byDate) -> {
            SortedMap<LocalDate, Map<String, Object>> m = new TreeMap<>();
            byDate.forEach((d, row) -> m.put(d, new LinkedHashMap<>(row)));
            c.put(s, m);
        });
        return c;
    }

    private static final List<String> KEY = List.of("symbol", "period_end");

    private static Map<String, SortedMap<LocalDate, Map<String, Object>>> sampleFundamentals() {
        FundamentalsReference ref = twoYears("2024-02-20", true);
        ref.addBar("AAA", dt("2024-02-20"), 50);
        return ref.fundamentals();
    }

    @Test
    void resultCsvMatchesItsOwnExportAndToleratesTinyDifferences() throws IOException {
        Map<String, SortedMap<LocalDate, Map<String, Object>>> rows = sampleFundamentals();
        List<String> columns = FundamentalsReference.FUNDAMENTALS_COLUMNS;
        Path csv = export(rows, "period_end", columns);
        int nonNull = 0;
        for (Map<String, Object> row : rows.get("AAA").values()) {
            nonNull += (int) row.values().stream().filter(x -> x != null).count();
        }
        assertEquals(nonNull, ResultCsv.assertMatches(csv, KEY, rows, columns, 1e-9));
        assertTrue(nonNull > 8 * 3);

        Map<String, SortedMap<LocalDate, Map<String, Object>>> nudged = copy(rows);
        Map<String, Object> row = nudged.get("AAA").get(dt("2023-12-31"));
        row.put("altman_z", (Double) row.get("altman_z") * (1 + 1e-11));
        row.put("revenue_ttm", (Double) row.get("revenue_ttm") * (1 - 1e-11));
        assertEquals(nonNull, ResultCsv.assertMatches(csv, KEY, nudged, columns, 1e-9));

        // valuation keyed by date
        FundamentalsReference ref = oneYear(0.25, 50, 5);
        ref.addBar("AAA", dt("2024-02-01"), 20);
        ref.addBar("ETF", dt("2024-02-01"), 10);
        Map<String, SortedMap<LocalDate, Map<String, Object>>> valuation = ref.valuation();
        Path v = export(valuation, "date", FundamentalsReference.VALUATION_COLUMNS);
        assertEquals(15 + 2, ResultCsv.assertMatches(v, List.of("symbol", "date"), valuation,
                FundamentalsReference.VALUATION_COLUMNS, 1e-9));
    }

    @Test
    void resultCsvFailsOnChangedValues() throws IOException {
        Map<String, SortedMap<LocalDate, Map<String, Object>>> rows = sampleFundamentals();
        List<String> columns = FundamentalsReference.FUNDAMENTALS_COLUMNS;
        Path csv = export(rows, "period_end", columns);
        Map<String, SortedMap<LocalDate, Map<String, Object>>> changed = copy(rows);
        Map<String, Object> row = changed.get("AAA").get(dt("2023-12-31"));
        row.put("altman_z", (Double) row.get("altman_z") * (1 + 1e-8));
        row.put("piotroski_f", 7);
        row.put("fiscal_period", "Q4");
        row.put("filed", dt("2024-02-21"));
        row.put("eps_ttm", 1.0); // null in the file
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> ResultCsv.assertMatches(csv, KEY, changed, columns, 1e-9));
        assertTrue(e.getMessage().contains("5 values differ"), e.getMessage());
        assertTrue(e.getMessage().contains("AAA 2023-12-31 piotroski_f: got '6', want 7"), e.getMessage());
        assertTrue(e.getMessage().contains("AAA 2023-12-31 fiscal_period: got 'FY', want Q4"), e.getMessage());
        assertTrue(e.getMessage().contains("AAA 2023-12-31 filed: got '2024-02-20'"), e.getMessage());
        assertTrue(e.getMessage().contains("AAA 2023-12-31 altman_z"), e.getMessage());
        assertTrue(e.getMessage().contains("AAA 2023-12-31 eps_ttm: got '', want 1.0"), e.getMessage());
    }

    @Test
    void resultCsvFailsOnAMissingColumn() throws IOException {
        Map<String, SortedMap<LocalDate, Map<String, Object>>> rows = sampleFundamentals();
        List<String> withoutAltman = new ArrayList<>(FundamentalsReference.FUNDAMENTALS_COLUMNS);
        withoutAltman.remove("altman_z");
        Path csv = export(rows, "period_end", withoutAltman);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> ResultCsv.assertMatches(csv, KEY,
                rows, FundamentalsReference.FUNDAMENTALS_COLUMNS, 1e-9));
        assertTrue(e.getMessage().contains("missing columns [altman_z]"), e.getMessage());
        assertTrue(ResultCsv.assertMatches(csv, KEY, rows, withoutAltman, 1e-9) > 0);
        // a missing key column
        assertThrows(AssertionFailedError.class, () -> ResultCsv.assertMatches(csv, List.of("symbol", "date"),
                rows, withoutAltman, 1e-9));
    }

    @Test
    void resultCsvFailsOnAnExtraOrMissingRow() throws IOException {
        Map<String, SortedMap<LocalDate, Map<String, Object>>> rows = sampleFundamentals();
        List<String> columns = FundamentalsReference.FUNDAMENTALS_COLUMNS;
        Path csv = export(rows, "period_end", columns);
        Map<String, SortedMap<LocalDate, Map<String, Object>>> fewer = copy(rows);
        fewer.get("AAA").remove(dt("2023-06-30"));
        AssertionFailedError extra = assertThrows(AssertionFailedError.class,
                () -> ResultCsv.assertMatches(csv, KEY, fewer, columns, 1e-9));
        assertTrue(extra.getMessage().contains("1 unexpected rows [AAA 2023-06-30]"), extra.getMessage());

        Map<String, SortedMap<LocalDate, Map<String, Object>>> more = copy(rows);
        more.put("BBB", new TreeMap<>(Map.of(dt("2023-12-31"), more.get("AAA").get(dt("2023-12-31")))));
        AssertionFailedError missing = assertThrows(AssertionFailedError.class,
                () -> ResultCsv.assertMatches(csv, KEY, more, columns, 1e-9));
        assertTrue(missing.getMessage().contains("1 expected rows missing [BBB 2023-12-31]"), missing.getMessage());
        assertTrue(missing.getMessage().contains("0 unexpected rows []"), missing.getMessage());
    }
}
