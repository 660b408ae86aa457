package org.finstream.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** Quarter derivation, TTM, balance items, growth and filing signals on hand-built filings. */
class FundamentalsTest {
    private static final int REVENUE = Fundamentals.DURATIONS.indexOf("revenue");
    private static final int OCF = Fundamentals.DURATIONS.indexOf("operating_cash_flow");
    private static final int CAPEX = Fundamentals.DURATIONS.indexOf("capex");
    private static final int EPS = Fundamentals.DURATIONS.indexOf("eps_diluted");
    private static final int ASSETS = Fundamentals.INSTANTS.indexOf("total_assets");

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    private static Fundamentals.Fact duration(String concept, String start, String end, double value) {
        return new Fundamentals.Fact(concept, d(start), d(end), value);
    }

    private static Fundamentals.Fact instant(String concept, String end, double value) {
        return new Fundamentals.Fact(concept, null, d(end), value);
    }

    private static Fundamentals.Filing filing(String form, String accession, String filed, String period,
                                              Fundamentals.Fact... facts) {
        return new Fundamentals.Filing(form, accession, d(filed), 2023, period, List.of(facts));
    }

    /** A calendar year: revenue as quarters (no Q4 10-Q), cash flows only year to date. */
    private static List<Fundamentals.Filing> calendarYear2023() {
        return new ArrayList<>(List.of(
                filing("10-Q", "a-1", "2023-05-05", "Q1", duration("revenue", "2023-01-01", "2023-03-31", 100),
                        duration("operating_cash_flow", "2023-01-01", "2023-03-31", 30),
                        duration("capex", "2023-01-01", "2023-03-31", 5), instant("total_assets", "2023-03-31", 1000)),
                filing("10-Q", "a-2", "2023-08-04", "Q2", duration("revenue", "2023-04-01", "2023-06-30", 110),
                        duration("operating_cash_flow", "2023-01-01", "2023-06-30", 70),
                        duration("capex", "2023-01-01", "2023-06-30", 12), instant("total_assets", "2023-06-30", 1010)),
                filing("10-Q", "a-3", "2023-11-03", "Q3", duration("revenue", "2023-07-01", "2023-09-30", 120),
                        duration("revenue", "2023-01-01", "2023-09-30", 330),
                        duration("operating_cash_flow", "2023-01-01", "2023-09-30", 105),
                        duration("capex", "2023-01-01", "2023-09-30", 20), instant("total_assets", "2023-09-30", 1020)),
                filing("10-K", "a-4", "2024-02-20", "FY", duration("revenue", "2023-01-01", "2023-12-31", 460),
                        duration("operating_cash_flow", "2023-01-01", "2023-12-31", 150),
                        duration("capex", "2023-01-01", "2023-12-31", 30), instant("total_assets", "2023-12-31", 1050))));
    }

    @Test
    void ytdOnlyCashFlowsAndAMissingQ4TenQGiveTheTtmAtTheYearEnd() {
        SortedMap<LocalDate, Fundamentals.Row> rows = Fundamentals.rows(calendarYear2023(), x -> null);
        assertEquals(List.of(d("2023-03-31"), d("2023-06-30"), d("2023-09-30"), d("2023-12-31")), List.copyOf(rows.keySet()));
        Fundamentals.Row fy = rows.get(d("2023-12-31"));
        // Q4 revenue = 460 - 330 (12M - 9M YTD); Q1..Q3 reported as quarters
        assertEquals(460.0, fy.ttm()[REVENUE]);
        // cash flows: Q1 30, Q2 70-30, Q3 105-70, Q4 150-105
        assertEquals(150.0, fy.ttm()[OCF]);
        assertEquals(30.0, fy.ttm()[CAPEX]);
        assertEquals(120.0, fy.fcfTtm());
        assertEquals(1050.0, fy.balance()[ASSETS]);
        assertEquals("10-K", fy.form());
        assertEquals(d("2024-02-20"), fy.filed());
        assertNull(rows.get(d("2023-09-30")).ttm()[REVENUE], "three quarters are not a TTM");
        assertNull(fy.ttm()[EPS], "never reported");
    }

    @Test
    void q4IsTheAnnualMinusTheThreeQuartersWhenThereIsNoNineMonthFact() {
        List<Fundamentals.Filing> filings = calendarYear2023();
        filings.set(2, filing("10-Q", "a-3", "2023-11-03", "Q3", duration("revenue", "2023-07-01", "2023-09-30", 120)));
        SortedMap<LocalDate, Fundamentals.Row> rows = Fundamentals.rows(filings, x -> null);
        assertEquals(460.0, rows.get(d("2023-12-31")).ttm()[REVENUE]);
        assertNull(rows.get(d("2023-12-31")).ttm()[OCF], "no 9M cash flow: Q3 and Q4 are unknown");
    }

    @Test
    void aFiftyThreeWeekYearWithQuartersOf91And98Days() {
        // fiscal year 2023-01-01 .. 2023-12-30 (52 weeks), then 2023-12-31 .. 2025-01-04 (53 weeks)
        List<Fundamentals.Filing> filings = List.of(
                filing("10-K", "k-1", "2024-02-10", "FY", duration("revenue", "2023-01-01", "2023-12-30", 400)),
                filing("10-Q", "q-1", "2024-05-01", "Q1", duration("revenue", "2023-12-31", "2024-03-30", 101)),
                filing("10-Q", "q-2", "2024-08-01", "Q2", duration("revenue", "2024-03-31", "2024-06-29", 102),
                        duration("revenue", "2023-12-31", "2024-06-29", 203)),
                filing("10-Q", "q-3", "2024-11-01", "Q3", duration("revenue", "2024-06-30", "2024-09-28", 103),
                        duration("revenue", "2023-12-31", "2024-09-28", 306)),
                filing("10-K", "k-2", "2025-02-14", "FY", duration("revenue", "2023-12-31", "2025-01-04", 420)));
        SortedMap<LocalDate, Fundamentals.Row> rows = Fundamentals.rows(filings, x -> null);
        // Q4 of 98 days (2024-09-29 .. 2025-01-04) = 420 - 306; TTM = the 371-day year
        assertEquals(420.0, rows.get(d("2025-01-04")).ttm()[REVENUE]);
        assertNull(rows.get(d("2024-09-28")).ttm()[REVENUE], "the prior year's quarters are unknown");
    }

    @Test
    void aGapQuarterMeansNoTtmUntilFourConsecutiveQuartersExist() {
        List<Fundamentals.Filing> filings = new ArrayList<>();
        String[][] quarters = {{"2022-01-01", "2022-03-31"}, {"2022-04-01", "2022-06-30"}, {"2022-07-01", "2022-09-30"},
            {"2022-10-01", "2022-12-31"}, {"2023-01-01", "2023-03-31"}, {"2023-04-01", "2023-06-30"},
            {"2023-07-01", "2023-09-30"}, {"2023-10-01", "2023-12-31"}};
        for (int i = 0; i < quarters.length; i++) {
            if (i == 1) {
                continue; // Q2 2022 never reported
            }
            filings.add(filing("10-Q", "g-" + i, LocalDate.parse(quarters[i][1]).plusDays(30).toString(), "Q1",
                    duration("revenue", quarters[i][0], quarters[i][1], 10 + i)));
        }
        SortedMap<LocalDate, Fundamentals.Row> rows = Fundamentals.rows(filings, x -> null);
        assertNull(rows.get(d("2022-12-31")).ttm()[REVENUE]);
        assertNull(rows.get(d("2023-03-31")).ttm()[REVENUE], "the window reaches the gap");
        assertEquals(12.0 + 13 + 14 + 15, rows.get(d("2023-06-30")).ttm()[REVENUE]);
        assertEquals(14.0 + 15 + 16 + 17, rows.get(d("2023-12-31")).ttm()[REVENUE]);
    }

    @Test
    void aLaterFilingWinsAndDirectQuartersBeatYearToDateDifferences() {
        List<Fundamentals.Filing> filings = calendarYear2023();
        // the 10-K/A restates Q1 revenue (as a comparative) and the 9M YTD cash flow
        filings.add(filing("10-K/A", "a-5", "2024-04-01", "FY", duration("revenue", "2023-01-01", "2023-03-31", 90),
                duration("operating_cash_flow", "2023-01-01", "2023-09-30", 100),
                duration("revenue", "2023-01-01", "2023-12-31", 460)));
        SortedMap<LocalDate, Fundamentals.Row> rows = Fundamentals.rows(filings, x -> null);
        Fundamentals.Row fy = rows.get(d("2023-12-31"));
        // revenue: Q1 90 (direct, restated) + 110 + 120 + (460 - 330)
        assertEquals(450.0, fy.ttm()[REVENUE]);
        // cash flow: Q3 = 100 - 70, Q4 = 150 - 100: the TTM is still the year's 150
        assertEquals(150.0, fy.ttm()[OCF]);
        assertEquals("10-K/A", rows.get(d("2023-12-31")).form(), "the amendment is the row's latest filing");
        assertEquals(d("2024-04-01"), fy.filed());
    }

    @Test
    void growthPiotroskiAndAltmanAgainstTheRowOneYearEarlier() {
        List<Fundamentals.Filing> filings = new ArrayList<>();
        // two years of quarters; each 10-Q carries every concept for its quarter and the balance sheet
        for (int y = 0; y < 2; y++) {
            for (int q = 0; q < 4; q++) {
                LocalDate start = LocalDate.of(2022 + y, 1 + 3 * q, 1);
                LocalDate end = start.plusMonths(3).minusDays(1);
                double k = y == 0 ? 1.0 : 1.2; // the second year grows by 20%
                List<Fundamentals.Fact> facts = new ArrayList<>();
                for (String c : List.of("revenue", "gross_profit", "operating_income", "net_income", "eps_diluted",
                        "operating_cash_flow", "capex", "depreciation_amortization")) {
                    double v = switch (c) {
                        case "revenue" -> 100 * k;
                        case "gross_profit" -> 40 * k * k; // margin improves
                        case "operating_income" -> 20 * k;
                        case "net_income" -> 10 * k;
                        case "eps_diluted" -> y == 0 ? -0.5 : 0.25;
                        case "operating_cash_flow" -> 15 * k;
                        case "capex" -> 5.0;
                        default -> 3.0;
                    };
                    facts.add(new Fundamentals.Fact(c, start, end, v));
                }
                double[] balance = {1000, 2000 - 100 * y, 1200, 800 + 100 * y, 400, 800, 300, 100, 500 - 100 * y};
                for (int c = 0; c < balance.length; c++) {
                    facts.add(new Fundamentals.Fact(Fundamentals.INSTANTS.get(c), null, end, balance[c]));
                }
                filings.add(new Fundamentals.Filing("10-Q", "p-" + y + q, end.plusDays(35), 2022 + y, "Q" + (q + 1), facts));
            }
        }
        SortedMap<LocalDate, Fundamentals.Row> rows = Fundamentals.rows(filings, date -> 50.0);
        Fundamentals.Row now = rows.get(d("2023-12-31"));
        assertEquals(0.2, now.revenueGrowthYoy(), 1e-12);
        assertEquals((1.0 - -2.0) / 2.0, now.epsGrowthYoy(), 1e-12, "against |prior| when the prior is negative");
        // 1 NI>0, 2 CFO>0, 3 ROA up (48/1900 > 40/2000), 4 CFO>NI, 5 leverage down (400/1900 < 500/2000),
        // 6 current ratio up (900/400 > 800/400), 7 shares not up, 8 margin up, 9 turnover up (480/1900 > 400/2000)
        assertEquals(9, now.piotroskiF());
        double ta = 1900;
        double expectedZ = 1.2 * (900 - 400) / ta + 1.4 * 300 / ta + 3.3 * 96 / ta + 0.6 * (50.0 * 1000) / 1200
                + 1.0 * 480 / ta;
        assertEquals(expectedZ, now.altmanZ(), 1e-12);
        assertNull(rows.get(d("2022-12-31")).revenueGrowthYoy(), "no row one year earlier");
        assertNull(rows.get(d("2022-12-31")).piotroskiF());
    }
}
