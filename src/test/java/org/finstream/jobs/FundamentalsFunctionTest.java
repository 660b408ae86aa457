package org.finstream.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.finstream.analytics.Valuation;
import org.finstream.records.ActionType;
import org.finstream.records.CorporateAction;
import org.finstream.records.EventTimes;
import org.finstream.records.Fact;
import org.finstream.records.Filing;
import org.finstream.records.FundamentalsRow;
import org.finstream.records.MarketEvent;
import org.finstream.records.PriceBar;
import org.finstream.records.ValuationRow;
import org.junit.jupiter.api.Test;

/**
 * The fundamentals operator: restatements re-emit every affected row in place, valuation sees
 * only filings filed on or before its day, dividends count for 365 days, live prices give
 * provisional rows, and state stays bounded.
 */
class FundamentalsFunctionTest {
    private static final int PE = Valuation.COLUMNS.indexOf("pe");
    private static final int MARKET_CAP = Valuation.COLUMNS.indexOf("market_cap");
    private static final int DIVIDEND_YIELD = Valuation.COLUMNS.indexOf("dividend_yield");

    private static KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, FundamentalsRow> harness(long retention)
            throws Exception {
        return harness(retention, 0);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, FundamentalsRow> harness(long retention,
            long liveEmitMillis) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new FundamentalsFunction(retention, liveEmitMillis),
                MarketEvent::symbol, Types.STRING);
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, FundamentalsRow> h,
                             Object event) throws Exception {
        if (event instanceof Filing f) {
            h.processElement(MarketEvent.of(f), f.eventTime());
        } else if (event instanceof PriceBar b) {
            h.processElement(MarketEvent.of(b), b.eventTime());
        } else {
            CorporateAction a = (CorporateAction) event;
            h.processElement(MarketEvent.of(a), a.eventTime());
        }
    }

    /** A 10-Q with the quarter's revenue and EPS and the balance sheet at its end. */
    private static Filing tenQ(String accession, LocalDate start, LocalDate end, LocalDate filed, double revenue,
                               double eps) {
        Fact[] facts = {new Fact("revenue", start, end, revenue), new Fact("eps_diluted", start, end, eps),
            new Fact("shares_outstanding", null, end, 1000), new Fact("total_assets", null, end, 5000)};
        return new Filing("XYZ", "0000000001", "10-Q", accession, filed, end.getYear(), "Q1", facts);
    }

    private static PriceBar bar(LocalDate d, double close) {
        return new PriceBar("XYZ", d, null, close, close, close, close, 100);
    }

    private static List<ValuationRow> valuations(KeyedOneInputStreamOperatorTestHarness<String, MarketEvent,
            FundamentalsRow> h) {
        List<ValuationRow> rows = new ArrayList<>();
        for (StreamRecord<ValuationRow> r : h.getSideOutput(FundamentalsFunction.VALUATION)) {
            rows.add(r.getValue());
        }
        return rows;
    }

    /** Quarter i of a calendar-quarter company starting 2022: [start, end]. */
    private static LocalDate[] quarter(int i) {
        LocalDate start = LocalDate.of(2022, 1, 1).plusMonths(3L * i);
        return new LocalDate[] {start, start.plusMonths(3).minusDays(1)};
    }

    @Test
    void aRestatementReEmitsEveryAffectedRowAndValuationSeesItOnlyFromItsFilingDate() throws Exception {
        try (var h = harness(2190)) {
            List<Filing> filings = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                LocalDate[] q = quarter(i);
                filings.add(tenQ("acc-" + i, q[0], q[1], q[1].plusDays(30), 100 + i, 1.0));
            }
            LocalDate day = LocalDate.of(2022, 1, 1);
            LocalDate end = LocalDate.of(2023, 9, 30);
            LocalDate amended = LocalDate.of(2023, 8, 15);
            // Q1 2023 (quarter 4) restated: revenue 104 -> 144, EPS 1.0 -> 2.0
            Filing restatement = tenQ("acc-4a", quarter(4)[0], quarter(4)[1], amended, 144, 2.0);
            restatement.setForm("10-Q/A");
            for (; !day.isAfter(end); day = day.plusDays(1)) {
                for (Filing f : filings) {
                    if (f.getFiled().equals(day)) {
                        send(h, f);
                    }
                }
                if (day.equals(amended)) {
                    send(h, restatement);
                }
                send(h, bar(day, 50));
                h.processWatermark(EventTimes.endOfDay(day));
            }
            Map<LocalDate, List<FundamentalsRow>> byEnd = new TreeMap<>();
            for (FundamentalsRow r : h.extractOutputValues()) {
                byEnd.computeIfAbsent(r.getPeriodEnd(), k -> new ArrayList<>()).add(r);
            }
            assertEquals(6, byEnd.size(), "one row per quarter end");
            // rows whose TTM contains quarter 4 (quarters 4 and 5) were emitted again, the others once
            assertEquals(List.of(1, 1, 1, 1, 2, 2), byEnd.values().stream().map(List::size).toList());
            FundamentalsRow q4 = byEnd.get(quarter(4)[1]).get(1);
            assertEquals("10-Q/A", q4.getForm());
            assertEquals(101.0 + 102 + 103 + 144, q4.value("revenue_ttm"));
            FundamentalsRow q5 = byEnd.get(quarter(5)[1]).get(1);
            assertEquals(102.0 + 103 + 144 + 105, q5.value("revenue_ttm"));
            assertEquals("10-Q", q5.getForm(), "its own filing is unchanged");

            Map<LocalDate, ValuationRow> valuation = new TreeMap<>();
            valuations(h).forEach(v -> valuation.put(v.getDate(), v));
            LocalDate q3Filed = quarter(3)[1].plusDays(30);
            assertNull(valuation.get(q3Filed.minusDays(1)).getValues()[PE], "no TTM before the fourth quarter is filed");
            assertEquals(50.0 / 4.0, valuation.get(q3Filed).getValues()[PE], "visible on its filing day");
            assertEquals(50.0 * 1000, valuation.get(q3Filed).getValues()[MARKET_CAP]);
            assertEquals(50.0 / 4.0, valuation.get(amended.minusDays(1)).getValues()[PE], "the original, as filed");
            assertEquals(50.0 / 5.0, valuation.get(amended).getValues()[PE], "the restatement from its filing day on");
        }
    }

    @Test
    void dividendsCountForThreeHundredSixtyFiveDaysAndLivePricesAreProvisional() throws Exception {
        try (var h = harness(2190)) {
            LocalDate d0 = LocalDate.of(2024, 1, 2);
            send(h, new CorporateAction("XYZ", d0, ActionType.DIVIDEND, 1.0));
            send(h, new CorporateAction("XYZ", d0.plusDays(100), ActionType.DIVIDEND, 0.5));
            send(h, new CorporateAction("XYZ", d0.plusDays(100), ActionType.SPLIT, 2.0));
            for (LocalDate d : List.of(d0, d0.plusDays(364), d0.plusDays(365))) {
                send(h, bar(d, 20));
                h.processWatermark(EventTimes.endOfDay(d));
            }
            List<ValuationRow> rows = valuations(h);
            assertEquals(1.0 / 20, rows.get(0).getValues()[DIVIDEND_YIELD]);
            assertEquals(1.5 / 20, rows.get(1).getValues()[DIVIDEND_YIELD], "ex-date d - 364 still counts");
            assertEquals(0.5 / 20, rows.get(2).getValues()[DIVIDEND_YIELD], "ex-date d - 365 no longer does");
            assertNull(rows.get(2).getValues()[MARKET_CAP], "no filing");

            LocalDate live = d0.plusDays(366);
            send(h, new PriceBar("XYZ", live, Instant.parse(live + "T15:00:00Z"), 21, 21, 21, 21, 5));
            send(h, new PriceBar("XYZ", live, Instant.parse(live + "T14:00:00Z"), 19, 19, 19, 19, 5)); // older: ignored
            send(h, new PriceBar("XYZ", live, Instant.parse(live + "T15:30:00Z"), 25, 25, 25, 25, 5));
            rows = valuations(h);
            assertEquals(List.of(21.0, 25.0), rows.subList(3, rows.size()).stream().map(ValuationRow::getPrice).toList());
            assertTrue(rows.get(4).isProvisional());
            assertEquals(0.5 / 25, rows.get(4).getValues()[DIVIDEND_YIELD]);
            send(h, bar(live, 24));
            h.processWatermark(EventTimes.endOfDay(live));
            ValuationRow last = valuations(h).get(5);
            assertTrue(!last.isProvisional());
            assertEquals(24.0, last.getPrice());
        }
    }

    @Test
    void conflatedLivePricesGiveTheLatestPricesRowOncePerInterval() throws Exception {
        try (var h = harness(2190, 100)) {
            LocalDate d0 = LocalDate.of(2024, 1, 2);
            send(h, new CorporateAction("XYZ", d0, ActionType.DIVIDEND, 1.0));
            send(h, bar(d0, 20));
            h.processWatermark(EventTimes.endOfDay(d0));
            LocalDate live = d0.plusDays(1);
            h.setProcessingTime(0);
            send(h, new PriceBar("XYZ", live, Instant.parse(live + "T15:00:00Z"), 21, 21, 21, 21, 5));
            send(h, new PriceBar("XYZ", live, Instant.parse(live + "T15:30:00Z"), 25, 25, 25, 25, 5));
            assertEquals(1, valuations(h).size(), "only the closed day's row before the interval has passed");
            h.setProcessingTime(100);
            List<ValuationRow> rows = valuations(h);
            assertEquals(2, rows.size());
            assertTrue(rows.get(1).isProvisional());
            assertEquals(25.0, rows.get(1).getPrice(), "the latest price");
            assertEquals(1.0 / 25, rows.get(1).getValues()[DIVIDEND_YIELD]);
            assertEquals(Instant.parse(live + "T15:30:00Z").toEpochMilli(), rows.get(1).getEventTime());

            send(h, new PriceBar("XYZ", live, Instant.parse(live + "T15:45:00Z"), 26, 26, 26, 26, 5));
            send(h, bar(live, 24)); // the daily bar arrives before the scheduled row: no provisional row
            h.setProcessingTime(1_000);
            assertEquals(2, valuations(h).size());
            h.processWatermark(EventTimes.endOfDay(live));
            assertEquals(24.0, valuations(h).get(2).getPrice());
        }
    }

    @Test
    void filingsBeyondTheRetentionLeaveTheState() throws Exception {
        long retention = 900;
        try (var h = harness(retention)) {
            List<Integer> entries = new ArrayList<>();
            for (int i = 0; i < 40; i++) { // ten years of quarters
                LocalDate[] q = quarter(i);
                send(h, tenQ("acc-" + i, q[0], q[1], q[1].plusDays(30), 100, 1.0));
                h.processWatermark(EventTimes.endOfDay(q[1].plusDays(30)));
                entries.add(keyedStateEntries(h));
            }
            assertEquals(40, h.extractOutputValues().size());
            int max = entries.stream().mapToInt(Integer::intValue).max().orElseThrow();
            assertTrue(max < 40, "entries stay bounded: " + entries);
            assertEquals(entries.get(20), entries.get(39), "steady state: " + entries);
        }
    }

    @Test
    void pruningAnOldFilingKeepsTheCloseOfAFilingDayStillInUse() throws Exception {
        // retention 1000 days: quarter 0 leaves with quarter 11, whose row may still be re-emitted
        try (var h = harness(1000)) {
            List<FundamentalsRow> rows = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                LocalDate[] q = quarter(i);
                LocalDate filed = q[1].plusDays(30);
                List<Fact> facts = new ArrayList<>(List.of(new Fact("revenue", q[0], q[1], 100),
                        new Fact("operating_income", q[0], q[1], 10)));
                for (String c : List.of("total_assets", "total_liabilities", "current_assets", "current_liabilities",
                        "retained_earnings", "shares_outstanding")) {
                    facts.add(new Fact(c, null, q[1], 100 + c.length()));
                }
                send(h, bar(filed, 40 + i)); // a different close on each filing day
                send(h, new Filing("XYZ", "1", "10-Q", "acc-" + i, filed, q[1].getYear(), "Q1", facts.toArray(Fact[]::new)));
                if (i == 11) {
                    // the same day, an amendment of the very first quarter: its period is long past the retention
                    send(h, new Filing("XYZ", "1", "10-Q/A", "acc-0a", filed, 2022, "Q1",
                            new Fact[] {new Fact("revenue", quarter(0)[0], quarter(0)[1], 99)}));
                }
                h.processWatermark(EventTimes.endOfDay(filed));
            }
            send(h, bar(quarter(11)[1].plusDays(40), 40));
            Filing late = tenQ("acc-12", quarter(12)[0], quarter(12)[1], quarter(11)[1].plusDays(40), 100, 1.0);
            send(h, late);
            h.processWatermark(EventTimes.endOfDay(late.getFiled()));
            for (FundamentalsRow r : h.extractOutputValues()) {
                if (r.getPeriodEnd().equals(quarter(11)[1])) {
                    rows.add(r);
                }
            }
            assertEquals(1, rows.size(), "the row of quarter 11 is not re-emitted with another filing day's close");
            assertTrue(rows.get(0).value("altman_z") != null);
        }
    }

    private static int keyedStateEntries(KeyedOneInputStreamOperatorTestHarness<String, MarketEvent, FundamentalsRow> h) {
        AbstractStreamOperator<?> op = (AbstractStreamOperator<?>) h.getOneInputOperator();
        return ((HeapKeyedStateBackend<?>) op.getKeyedStateBackend()).numKeyValueStateEntries();
    }
}
