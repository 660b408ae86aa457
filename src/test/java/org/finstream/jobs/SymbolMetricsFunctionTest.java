package org.finstream.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.finstream.analytics.MetricsSpec;
import org.finstream.config.FinstreamConfig;
import org.finstream.records.ActionType;
import org.finstream.records.CorporateAction;
import org.finstream.records.EventTimes;
import org.finstream.records.MarketEvent;
import org.finstream.records.PriceBar;
import org.finstream.records.SymbolDaily;
import org.finstream.reference.SymbolMetricsReference;
import org.junit.jupiter.api.Test;

/**
 * The keyed operator against the independent brute-force reference, with small windows so
 * every metric fills: random data with splits, dividends, actions on non-trading days, missing
 * dates on either side (common dates), out-of-order arrival within the lateness; provisional
 * rows from intraday bars; bounded state and expiry.
 */
class SymbolMetricsFunctionTest {
    private static final List<String> REFERENCES = List.of("SPY", "TLT", "IWM", "IWD", "IWF", "MTUM", "QUAL", "USMV");
    private static final List<String> STOCKS = List.of("AAA", "BBB", "CCC");
    private static final LocalDate START = LocalDate.of(2021, 1, 4);
    private static final int RETENTION_DAYS = 30;

    private final FinstreamConfig config = FinstreamConfig.load(null, List.of("metrics.volatility-windows=3,8",
            "metrics.beta-window=6", "metrics.ridge-window=12", "metrics.extremes-window=7", "metrics.volume-window=4",
            "metrics.symbol-retention=P" + RETENTION_DAYS + "D"), k -> null);
    private final MetricsSpec spec = config.metrics.spec();
    private final SymbolMetricsReference.Params params = SymbolMetricsReference.Params.defaults()
            .withWindows(new int[] {3, 8}, 6, 12, 7, 4);

    private KeyedBroadcastOperatorTestHarness<String, MarketEvent, MarketEvent, SymbolDaily> harness() throws Exception {
        return harness(0);
    }

    private KeyedBroadcastOperatorTestHarness<String, MarketEvent, MarketEvent, SymbolDaily> harness(long liveEmitMillis)
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new SymbolMetricsFunction(spec, config.metrics.seriesSymbols(), RETENTION_DAYS, liveEmitMillis),
                MarketEvent::symbol, Types.STRING, SymbolMetricsFunction.REFERENCES);
    }

    /** A random market: bars with gaps, splits and dividends, in event-time blocks. */
    private static final class Market {
        final Random rnd;
        final List<List<MarketEvent>> blocks = new ArrayList<>();
        final List<LocalDate> blockEnds = new ArrayList<>();
        final SymbolMetricsReference.Params params;
        /** Everything given to the reference, to build it again with more days. */
        final List<Consumer<SymbolMetricsReference>> inputs = new ArrayList<>();

        Market(long seed, int days, SymbolMetricsReference.Params params) {
            this.params = params;
            rnd = new Random(seed);
            List<String> symbols = new ArrayList<>(REFERENCES);
            symbols.addAll(STOCKS);
            double[] close = new double[symbols.size()];
            double[] loading = new double[symbols.size()];
            for (int s = 0; s < symbols.size(); s++) {
                close[s] = s == 1 ? 1500 : 20 + rnd.nextInt(300); // TLT around 1e3
                loading[s] = rnd.nextGaussian();
            }
            List<MarketEvent> block = new ArrayList<>();
            for (int i = 0; i < days; i++) {
                LocalDate d = START.plusDays(i);
                double market = rnd.nextGaussian() * 0.01;
                double style = rnd.nextGaussian() * 0.005;
                for (int s = 0; s < symbols.size(); s++) {
                    String symbol = symbols.get(s);
                    double split = 1;
                    double dividend = 0;
                    if (i > 0 && rnd.nextInt(70) == 0) {
                        split = rnd.nextBoolean() ? 2 : 0.5;
                        block.add(MarketEvent.of(new CorporateAction(symbol, d, ActionType.SPLIT, split)));
                        addAction(symbol, d, "split", split);
                    }
                    if (i > 0 && rnd.nextInt(25) == 0) {
                        dividend = Math.round(close[s] * rnd.nextDouble() * 2) / 100.0;
                        block.add(MarketEvent.of(new CorporateAction(symbol, d, ActionType.DIVIDEND, dividend)));
                        addAction(symbol, d, "dividend", dividend);
                    }
                    double r = market * (1 + 0.3 * s % 2) + style * loading[s] + rnd.nextGaussian() * 0.01;
                    close[s] = Math.max(0.5, close[s] * (1 + r) / split - dividend);
                    if (rnd.nextInt(20) == 0) {
                        continue; // no bar today: holiday, halt or data gap; actions still apply
                    }
                    double high = close[s] * (1 + rnd.nextDouble() * 0.02);
                    double low = close[s] * (1 - rnd.nextDouble() * 0.02);
                    double volume = 1000 + rnd.nextInt(100_000);
                    block.add(MarketEvent.of(new PriceBar(symbol, d, null, close[s], high, low, close[s], volume)));
                    addBar(symbol, d, high, low, close[s], volume);
                }
                if (i % 5 == 4 || i == days - 1) {
                    Collections.shuffle(block, rnd);
                    blocks.add(block);
                    blockEnds.add(d);
                    block = new ArrayList<>();
                }
            }
        }

        void addBar(String symbol, LocalDate d, double high, double low, double close, double volume) {
            inputs.add(r -> r.addBar(symbol, d, high, low, close, volume));
        }

        void addAction(String symbol, LocalDate d, String type, double value) {
            inputs.add(r -> r.addAction(symbol, d, type, value));
        }

        Map<String, SortedMap<LocalDate, Map<String, Double>>> expected() {
            SymbolMetricsReference reference = new SymbolMetricsReference(params);
            inputs.forEach(i -> i.accept(reference));
            return reference.compute();
        }
    }

    private static void send(KeyedBroadcastOperatorTestHarness<String, MarketEvent, MarketEvent, SymbolDaily> h,
                             MarketEvent e) throws Exception {
        long ts = e.getBar() != null ? e.getBar().eventTime() : e.getAction().eventTime();
        if (REFERENCES.contains(e.symbol())) {
            h.processBroadcastElement(e, ts);
        }
        h.processElement(e, ts);
    }

    private static void watermark(KeyedBroadcastOperatorTestHarness<String, MarketEvent, MarketEvent, SymbolDaily> h,
                                  long ts) throws Exception {
        h.processBroadcastWatermark(ts);
        h.processWatermark(ts);
    }

    private static void assertRowMatches(SymbolDaily row, Map<String, Double> expected, List<String> columns) {
        String where = row.getSymbol() + " " + row.getDate();
        assertEquals(expected.get("close"), row.getClose(), where + " close");
        assertClose(expected.get("return"), row.getRet(), where + " return");
        for (int c = 0; c < columns.size(); c++) {
            assertClose(expected.get(columns.get(c)), row.getMetrics()[c], where + " " + columns.get(c));
        }
    }

    private static void assertClose(Double expected, Double actual, String what) {
        if (expected == null) {
            assertNull(actual, what);
        } else {
            assertNotNull(actual, what);
            assertEquals(expected, actual, 1e-9 * Math.abs(expected) + 1e-300, what);
        }
    }

    @Test
    void finalRowsMatchTheBruteForceReferenceWithGapsActionsAndShuffledArrival() throws Exception {
        Market m = new Market(11, 160, params);
        Map<String, SortedMap<LocalDate, Map<String, Double>>> expected = m.expected();
        List<String> columns = spec.columns();
        assertEquals(params.columns(), columns, "product and reference name the same columns");
        try (var h = harness()) {
            for (int b = 0; b < m.blocks.size(); b++) {
                for (MarketEvent e : m.blocks.get(b)) {
                    send(h, e);
                }
                watermark(h, EventTimes.endOfDay(m.blockEnds.get(b)));
            }
            List<SymbolDaily> out = h.extractOutputValues();
            assertEquals(expected.values().stream().mapToInt(Map::size).sum(), out.size());
            int[] filled = new int[columns.size()];
            LocalDate[] lastDate = new LocalDate[1];
            for (SymbolDaily row : out) {
                assertTrue(!row.isProvisional());
                assertRowMatches(row, expected.get(row.getSymbol()).get(row.getDate()), columns);
                for (int c = 0; c < columns.size(); c++) {
                    filled[c] += row.getMetrics()[c] != null ? 1 : 0;
                }
                lastDate[0] = row.getDate();
            }
            for (int c = 0; c < columns.size(); c++) {
                assertTrue(filled[c] > 100, columns.get(c) + " filled on " + filled[c] + " rows only");
            }
        }
    }

    @Test
    void aWatermarkHeldBackLongerThanTheRetentionLosesNothing() throws Exception {
        // a replay can run far ahead of the watermark (one Kafka partition read before the
        // other): days then close in a burst, while later days' bars wait in state
        Market m = new Market(17, 3 * RETENTION_DAYS, params);
        Map<String, SortedMap<LocalDate, Map<String, Double>>> expected = m.expected();
        try (var h = harness()) {
            for (List<MarketEvent> block : m.blocks) {
                for (MarketEvent e : block) {
                    send(h, e);
                }
            }
            watermark(h, Long.MAX_VALUE);
            List<SymbolDaily> out = h.extractOutputValues();
            assertEquals(expected.values().stream().mapToInt(Map::size).sum(), out.size());
            for (SymbolDaily row : out) {
                assertRowMatches(row, expected.get(row.getSymbol()).get(row.getDate()), spec.columns());
            }
        }
    }

    @Test
    void intradayBarsGiveProvisionalRowsThatTheDailyBarReplaces() throws Exception {
        Market m = new Market(5, 60, params);
        LocalDate pending = START.plusDays(60);
        LocalDate today = START.plusDays(61);
        try (var h = harness()) {
            for (int b = 0; b < m.blocks.size(); b++) {
                for (MarketEvent e : m.blocks.get(b)) {
                    send(h, e);
                }
                watermark(h, EventTimes.endOfDay(m.blockEnds.get(b)));
            }
            int finals = h.extractOutputValues().size();
            // yesterday's daily bars are in, but the watermark has not closed the day yet
            for (String s : List.of("SPY", "IWM", "AAA")) {
                PriceBar bar = new PriceBar(s, pending, null, 100, 103, 99, 101, 5000);
                send(h, MarketEvent.of(bar));
                m.addBar(s, pending, 103, 99, 101, 5000);
            }
            send(h, MarketEvent.of(new CorporateAction("AAA", today, ActionType.DIVIDEND, 0.5)));
            m.addAction("AAA", today, "dividend", 0.5);
            // today: SPY trades intraday, then AAA three bars (one out of order)
            send(h, MarketEvent.of(intraday("SPY", today, "14:31", 101.5, 101.9, 101.2, 700)));
            send(h, MarketEvent.of(intraday("AAA", today, "14:31", 99.0, 100.5, 98.5, 300)));
            send(h, MarketEvent.of(intraday("AAA", today, "14:45", 98.0, 99.2, 97.0, 200)));
            send(h, MarketEvent.of(intraday("AAA", today, "14:40", 99.5, 101.0, 99.1, 100)));
            List<SymbolDaily> provisional = h.extractOutputValues().subList(finals, h.extractOutputValues().size());
            assertEquals(List.of("SPY", "AAA", "AAA", "AAA"), provisional.stream().map(SymbolDaily::getSymbol).toList());
            SymbolDaily latest = provisional.get(3);
            assertTrue(latest.isProvisional());
            assertEquals(today, latest.getDate());
            assertEquals(Instant.parse(today + "T14:45:00Z").toEpochMilli(), latest.getEventTime(),
                    "event time of the latest intraday bar, not of the out-of-order one");

            // the provisional row equals a final row for a daily bar made of today's intraday bars
            SymbolMetricsReference asIfClosed = new SymbolMetricsReference(params);
            m.inputs.forEach(i -> i.accept(asIfClosed));
            asIfClosed.addBar("AAA", today, 101.0, 97.0, 98.0, 600);
            asIfClosed.addBar("SPY", today, 101.9, 101.2, 101.5, 700);
            assertRowMatches(latest, asIfClosed.compute().get("AAA").get(today), spec.columns());
            assertNotNull(latest.getMetrics()[spec.columns().indexOf("beta_mkt_6")]);

            // the intraday bars did not touch the state: the final rows are those of the daily bars
            for (String s : List.of("SPY", "AAA")) {
                PriceBar bar = new PriceBar(s, today, null, 100, 104, 96, 97, 9000);
                send(h, MarketEvent.of(bar));
                m.addBar(s, today, 104, 96, 97, 9000);
            }
            int before = h.extractOutputValues().size();
            send(h, MarketEvent.of(intraday("AAA", today, "15:00", 97.5, 98, 97, 10)));
            assertEquals(before, h.extractOutputValues().size(), "no provisional row once the daily bar is known");
            watermark(h, EventTimes.endOfDay(today));
            Map<String, SortedMap<LocalDate, Map<String, Double>>> expected = m.expected();
            List<SymbolDaily> closed = h.extractOutputValues().subList(before, h.extractOutputValues().size());
            assertEquals(5, closed.size(), "AAA, IWM, SPY yesterday, AAA and SPY today");
            for (SymbolDaily row : closed) {
                assertTrue(!row.isProvisional());
                assertRowMatches(row, expected.get(row.getSymbol()).get(row.getDate()), spec.columns());
            }
            send(h, MarketEvent.of(intraday("AAA", today, "15:30", 97.5, 98, 97, 10)));
            assertEquals(before + 5, h.extractOutputValues().size(), "no provisional row for a closed day");
        }
    }

    @Test
    void conflatedProvisionalRowsAreTheLatestPricesRowOncePerInterval() throws Exception {
        Market m = new Market(6, 40, params);
        LocalDate today = START.plusDays(40);
        List<MarketEvent> intraday = List.of(
                MarketEvent.of(intraday("SPY", today, "14:31", 101.5, 101.9, 101.2, 700)),
                MarketEvent.of(intraday("AAA", today, "14:31", 99.0, 100.5, 98.5, 300)),
                MarketEvent.of(intraday("AAA", today, "14:45", 98.0, 99.2, 97.0, 200)),
                MarketEvent.of(intraday("AAA", today, "14:40", 99.5, 101.0, 99.1, 100)));
        try (var everyPrice = harness(0); var conflated = harness(100)) {
            for (var h : List.of(everyPrice, conflated)) {
                for (int b = 0; b < m.blocks.size(); b++) {
                    for (MarketEvent e : m.blocks.get(b)) {
                        send(h, e);
                    }
                    watermark(h, EventTimes.endOfDay(m.blockEnds.get(b)));
                }
                h.setProcessingTime(0);
                for (MarketEvent e : intraday) {
                    send(h, e);
                }
            }
            int finals = conflated.extractOutputValues().size();
            assertEquals(finals + 4, everyPrice.extractOutputValues().size(), "one provisional row per price");
            conflated.setProcessingTime(99);
            assertEquals(finals, conflated.extractOutputValues().size(), "nothing before the interval has passed");
            conflated.setProcessingTime(100);
            List<SymbolDaily> rows = conflated.extractOutputValues().subList(finals, conflated.extractOutputValues().size());
            assertEquals(List.of("AAA", "SPY"), rows.stream().map(SymbolDaily::getSymbol).sorted().toList());
            List<SymbolDaily> perPrice = everyPrice.extractOutputValues();
            for (SymbolDaily row : rows) {
                SymbolDaily last = perPrice.stream().filter(r -> r.getSymbol().equals(row.getSymbol()))
                        .reduce((a, b) -> b).orElseThrow();
                // the row the latest price alone gives
                assertEquals(last.getEventTime(), row.getEventTime());
                assertEquals(last.getClose(), row.getClose());
                assertEquals(last.getRet(), row.getRet());
                assertArrayEquals(last.getMetrics(), row.getMetrics());
            }

            // a price schedules the next row; the daily bar arriving first cancels it
            send(conflated, MarketEvent.of(intraday("AAA", today, "15:00", 97.5, 98, 97, 10)));
            send(conflated, MarketEvent.of(new PriceBar("AAA", today, null, 100, 104, 96, 97, 9000)));
            conflated.setProcessingTime(1_000);
            assertEquals(finals + 2, conflated.extractOutputValues().size(), "no provisional row once the daily bar is known");
        }
    }

    @Test
    void stateStaysBoundedAndExpiresAfterTheRetention() throws Exception {
        Market m = new Market(3, 400, params);
        try (var h = harness()) {
            List<Integer> keyedEntries = new ArrayList<>();
            for (int b = 0; b < m.blocks.size(); b++) {
                for (MarketEvent e : m.blocks.get(b)) {
                    send(h, e);
                }
                watermark(h, EventTimes.endOfDay(m.blockEnds.get(b)));
                keyedEntries.add(keyedStateEntries(h));
                for (String s : REFERENCES) {
                    // pruned on the next broadcast element: the last closed bar and at most the
                    // five days this watermark closed
                    assertTrue(h.getBroadcastState(SymbolMetricsFunction.REFERENCES).get(s).size() <= 6,
                            "broadcast state keeps the last closed bar and what follows it");
                }
                assertTrue(h.numEventTimeTimers() <= 2 * (REFERENCES.size() + STOCKS.size()),
                        "one expiry timer per symbol plus the pending days: " + h.numEventTimeTimers());
            }
            int symbols = REFERENCES.size() + STOCKS.size();
            // per symbol: the metrics and at most a few pending actions (no bar of a closed day stays)
            assertTrue(keyedEntries.stream().allMatch(n -> n <= 3 * symbols), keyedEntries.toString());
            assertTrue(Set.copyOf(keyedEntries.subList(10, keyedEntries.size())).size() <= 2 * symbols,
                    "no growth with the number of days");

            // everything goes quiet except one stock; past the retention the others are forgotten
            LocalDate last = m.blockEnds.get(m.blockEnds.size() - 1);
            for (int i = 1; i <= RETENTION_DAYS + 2; i++) {
                LocalDate d = last.plusDays(i);
                send(h, MarketEvent.of(new PriceBar("AAA", d, null, 10, 10, 10, 10, 1)));
                watermark(h, EventTimes.endOfDay(d));
            }
            assertEquals(2, keyedStateEntries(h), "only AAA's metrics and last closed day remain");
        }
    }

    private static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<String, MarketEvent, MarketEvent, SymbolDaily> h) {
        AbstractStreamOperator<?> op = (AbstractStreamOperator<?>) h.getTwoInputOperator();
        return ((HeapKeyedStateBackend<?>) op.getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private static PriceBar intraday(String symbol, LocalDate d, String time, double close, double high, double low,
                                     double volume) {
        return new PriceBar(symbol, d, Instant.parse(d + "T" + time + ":00Z"), close, high, low, close, volume);
    }
}
