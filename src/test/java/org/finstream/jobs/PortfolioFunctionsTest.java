package org.finstream.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.finstream.records.DeadLetter;
import org.finstream.records.ErrorCode;
import org.finstream.records.EventTimes;
import org.finstream.records.PortfolioCorrelation;
import org.finstream.records.PortfolioDaily;
import org.finstream.records.PortfolioEvent;
import org.finstream.records.PortfolioLive;
import org.finstream.records.PortfolioTick;
import org.finstream.records.SourceRef;
import org.finstream.records.SymbolDaily;
import org.finstream.records.Trade;
import org.junit.jupiter.api.Test;

/**
 * The fan-out and portfolio operators together on hand-checked days: P&L with trades on the
 * day, dividends, a split, a short, a position closed and reopened, a halted symbol's close
 * carried forward, and the routing of rows only to holders.
 */
class PortfolioFunctionsTest {
    private static final LocalDate D0 = LocalDate.of(2024, 3, 4);

    private final Stages stages;

    PortfolioFunctionsTest() throws Exception {
        stages = new Stages(30);
    }

    /** The fan-out and the portfolio operator in their harnesses, the fan-out's output handed on. */
    private static final class Stages {
        final KeyedOneInputStreamOperatorTestHarness<String, PortfolioEvent, PortfolioEvent> fanout;
        final KeyedOneInputStreamOperatorTestHarness<String, PortfolioEvent, PortfolioDaily> portfolios;
        private int forwarded;

        Stages(long correctionDays) throws Exception {
            this(correctionDays, 0, null, null);
        }

        /** Stages restored from snapshots of others (null: fresh), as after a restart: no watermark yet. */
        Stages(long correctionDays, long liveEmitMillis, OperatorSubtaskState fanoutState,
               OperatorSubtaskState portfolioState) throws Exception {
            this(correctionDays, liveEmitMillis, 0, fanoutState, portfolioState);
        }

        /** As above, the fan-out passing provisional rows on at most every {@code fanoutLiveMillis}. */
        Stages(long correctionDays, long liveEmitMillis, long fanoutLiveMillis, OperatorSubtaskState fanoutState,
               OperatorSubtaskState portfolioState) throws Exception {
            fanout = open(new KeyedProcessOperator<>(new PortfolioFanoutFunction(180, new int[] {0}, correctionDays,
                    fanoutLiveMillis)),
                    PortfolioEvent::symbol, fanoutState);
            portfolios = open(new KeyedProcessOperator<>(new PortfolioFunction(1, 63, 90, 252, true, 180,
                    correctionDays, liveEmitMillis)), PortfolioEvent::portfolioId, portfolioState);
        }

        private static <O> KeyedOneInputStreamOperatorTestHarness<String, PortfolioEvent, O> open(
                KeyedProcessOperator<String, PortfolioEvent, O> operator, KeySelector<PortfolioEvent, String> key,
                OperatorSubtaskState state) throws Exception {
            KeyedOneInputStreamOperatorTestHarness<String, PortfolioEvent, O> h =
                    new KeyedOneInputStreamOperatorTestHarness<>(operator, key, Types.STRING);
            h.setup();
            if (state != null) {
                h.initializeState(state);
            }
            h.open();
            return h;
        }

        /** These stages restarted from a checkpoint taken now. */
        Stages restarted(long correctionDays) throws Exception {
            return new Stages(correctionDays, 0, fanout.snapshot(1, 1), portfolios.snapshot(1, 1));
        }

        /** Hands the fan-out's new output (ticks and trades) to the portfolio operator. */
        private void forward(long timestamp) throws Exception {
            List<PortfolioEvent> out = fanout.extractOutputValues();
            for (PortfolioEvent e : out.subList(forwarded, out.size())) {
                portfolios.processElement(e, timestamp);
            }
            forwarded = out.size();
        }

        void trade(Trade t) throws Exception {
            fanout.processElement(PortfolioEvent.of(t), t.eventTime());
            forward(t.eventTime());
        }

        void close(LocalDate date, List<SymbolDaily> rows) throws Exception {
            for (SymbolDaily r : rows) {
                fanout.processElement(PortfolioEvent.of(r), r.getEventTime());
            }
            long end = EventTimes.endOfDay(date);
            fanout.processWatermark(end);
            forward(end);
            portfolios.processWatermark(end);
        }

        void live(SymbolDaily row) throws Exception {
            row.setProvisional(true);
            fanout.processElement(PortfolioEvent.of(row), row.getEventTime());
            forward(row.getEventTime());
        }

        List<PortfolioTick> ticks() {
            return fanout.extractOutputValues().stream().filter(e -> e.getTick() != null).map(PortfolioEvent::getTick)
                    .toList();
        }

        /** The portfolio_daily table the output amounts to: upserts by (portfolio, date), retractions deleting. */
        Map<String, PortfolioDaily> table() {
            Map<String, PortfolioDaily> table = new TreeMap<>();
            for (PortfolioDaily r : portfolios.extractOutputValues()) {
                String key = r.getPortfolioId() + " " + r.getDate();
                if (r.isRetracted()) {
                    assertTrue(table.remove(key) != null, "a retraction removes a row that was written: " + key);
                } else {
                    table.put(key, r);
                }
            }
            return table;
        }

        /** The final live rows by (portfolio, date), retractions deleting. */
        Map<String, PortfolioLive> liveTable() {
            Map<String, PortfolioLive> table = new TreeMap<>();
            for (StreamRecord<PortfolioLive> r : portfolios.getSideOutput(PortfolioFunction.LIVE)) {
                PortfolioLive l = r.getValue();
                String key = l.getPortfolioId() + " " + l.getDate();
                if (l.isRetracted()) {
                    table.remove(key);
                } else if (!l.isProvisional()) {
                    table.put(key, l);
                }
            }
            return table;
        }

        /**
         * The portfolio_correlations table the output amounts to: pairs upserted, a retraction
         * clearing the portfolio's pairs.
         */
        Map<String, PortfolioCorrelation> correlations() {
            Map<String, PortfolioCorrelation> pairs = new TreeMap<>();
            for (StreamRecord<PortfolioCorrelation> r : portfolios.getSideOutput(PortfolioFunction.CORRELATIONS)) {
                PortfolioCorrelation c = r.getValue();
                if (c.isRetracted()) {
                    pairs.values().removeIf(x -> x.getPortfolioId().equals(c.getPortfolioId()));
                } else {
                    pairs.put(c.getPortfolioId() + " " + c.getSymbolA() + " " + c.getSymbolB(), c);
                }
            }
            return pairs;
        }

        List<DeadLetter> deadLetters() {
            List<DeadLetter> out = new ArrayList<>();
            for (var side : Arrays.asList(fanout.getSideOutput(PortfolioFanoutFunction.DEAD_LETTERS),
                    portfolios.getSideOutput(PortfolioFunction.DEAD_LETTERS))) {
                if (side != null) { // null: nothing was output
                    side.forEach(r -> out.add(r.getValue()));
                }
            }
            return out;
        }
    }

    private static SymbolDaily row(String symbol, int day, double close, Double beta, double split, double dividend) {
        SymbolDaily r = new SymbolDaily();
        r.setSymbol(symbol);
        r.setDate(D0.plusDays(day));
        r.setEventTime(EventTimes.endOfDay(D0.plusDays(day)));
        r.setClose(close);
        r.setRet(0.0);
        r.setMetrics(new Double[] {beta});
        r.setSplitRatio(split);
        r.setDividend(dividend);
        return r;
    }

    /** Offsets of the trades as published, in creation order. */
    private static final java.util.concurrent.atomic.AtomicLong OFFSETS = new java.util.concurrent.atomic.AtomicLong();

    private static Trade newTrade(String portfolio, String symbol, int day, double quantity, double price) {
        Trade t = new Trade(portfolio, symbol, D0.plusDays(day), quantity, price);
        t.setOrigin(new SourceRef("trades", 0, OFFSETS.getAndIncrement(), portfolio, (portfolio + "," + symbol + "," + D0.plusDays(day) + ","
                + quantity + "," + price).getBytes(StandardCharsets.UTF_8)));
        return t;
    }

    private void trade(String portfolio, String symbol, int day, double quantity, double price) throws Exception {
        stages.trade(newTrade(portfolio, symbol, day, quantity, price));
    }

    private void close(int day, SymbolDaily... rows) throws Exception {
        stages.close(D0.plusDays(day), List.of(rows));
    }

    private void live(SymbolDaily row) throws Exception {
        stages.live(row);
    }

    private List<PortfolioLive> live() {
        List<PortfolioLive> out = new ArrayList<>();
        for (StreamRecord<PortfolioLive> r : stages.portfolios.getSideOutput(PortfolioFunction.LIVE)) {
            out.add(r.getValue());
        }
        return out;
    }

    @Test
    void livePricesGiveProvisionalValuesReplacedAtTheClose() throws Exception {
        trade("P", "AAA", 0, 10, 99);
        trade("P", "BBB", 0, -5, 51);
        close(0, row("AAA", 0, 100, 1.0, 1, 0), row("BBB", 0, 50, 2.0, 1, 0));
        // day 1, market open: AAA trades at 102, then P buys 1 BBB at 49 while BBB trades at 48
        live(row("AAA", 1, 102, null, 1, 0));
        trade("P", "BBB", 1, 1, 49);
        live(row("BBB", 1, 48, null, 1, 0));
        live(row("CCC", 1, 5, null, 1, 0));
        List<PortfolioLive> rows = live();
        assertEquals(3, rows.size(), "the close of day 0, then one per live price of a held symbol");
        assertTrue(!rows.get(0).isProvisional());
        // 10 * 102 - 5 * 50 = 770 against 750
        assertEquals(770.0, rows.get(1).getMarketValue());
        assertEquals(20.0, rows.get(1).getPnl());
        assertTrue(rows.get(1).isProvisional());
        // 10 * 102 - 4 * 48 = 828; cash 49; 828 - 750 - 49 = 29
        assertEquals(828.0, rows.get(2).getMarketValue());
        assertEquals(29.0, rows.get(2).getPnl());
        close(1, row("AAA", 1, 101, 1.0, 1, 0), row("BBB", 1, 47, 2.0, 1, 0));
        PortfolioLive closed = live().get(3);
        assertTrue(!closed.isProvisional());
        assertEquals(10 * 101.0 - 4 * 47, closed.getMarketValue());
        assertEquals(rows("P").get(1).getPnl(), closed.getPnl());
    }

    @Test
    void conflatedLivePricesGiveTheLatestPricesRowOncePerInterval() throws Exception {
        Stages conflated = new Stages(30, 100, null, null);
        conflated.trade(newTrade("P", "AAA", 0, 10, 99));
        conflated.trade(newTrade("P", "BBB", 0, -5, 51));
        conflated.close(D0, List.of(row("AAA", 0, 100, 1.0, 1, 0), row("BBB", 0, 50, 2.0, 1, 0)));
        conflated.portfolios.setProcessingTime(0);
        SymbolDaily aaa = row("AAA", 1, 102, null, 1, 0);
        aaa.setEventTime(EventTimes.endOfDay(D0) + 1_000);
        conflated.live(aaa);
        conflated.trade(newTrade("P", "BBB", 1, 1, 49));
        SymbolDaily bbb = row("BBB", 1, 48, null, 1, 0);
        bbb.setEventTime(EventTimes.endOfDay(D0) + 2_000);
        conflated.live(bbb);
        conflated.portfolios.setProcessingTime(99);
        assertEquals(1, conflated.portfolios.getSideOutput(PortfolioFunction.LIVE).size(), "the close of day 0 only");
        conflated.portfolios.setProcessingTime(100);
        List<PortfolioLive> rows = new ArrayList<>();
        conflated.portfolios.getSideOutput(PortfolioFunction.LIVE).forEach(r -> rows.add(r.getValue()));
        assertEquals(2, rows.size(), "one provisional row for both prices");
        // as the last price alone gives: 10 * 102 - 4 * 48 = 828; cash 49; 828 - 750 - 49 = 29
        assertTrue(rows.get(1).isProvisional());
        assertEquals(828.0, rows.get(1).getMarketValue());
        assertEquals(29.0, rows.get(1).getPnl());
        assertEquals(bbb.getEventTime(), rows.get(1).getEventTime(), "stamped with the newest price's event time");

        conflated.live(row("AAA", 1, 103, null, 1, 0)); // schedules a row, but the day closes first
        conflated.close(D0.plusDays(1), List.of(row("AAA", 1, 101, 1.0, 1, 0), row("BBB", 1, 47, 2.0, 1, 0)));
        conflated.portfolios.setProcessingTime(1_000);
        rows.clear();
        conflated.portfolios.getSideOutput(PortfolioFunction.LIVE).forEach(r -> rows.add(r.getValue()));
        assertEquals(3, rows.size());
        assertTrue(!rows.get(2).isProvisional(), "no provisional row after the close");
    }

    @Test
    void theFanOutPassesASymbolsProvisionalRowOnAtMostOncePerIntervalTheLatestOne() throws Exception {
        Stages stages = new Stages(30, 0, 100, null, null);
        stages.trade(newTrade("P", "AAA", 0, 10, 99));
        stages.trade(newTrade("Q", "AAA", 0, 5, 99));
        stages.close(D0, List.of(row("AAA", 0, 100, 1.0, 1, 0)));
        stages.fanout.setProcessingTime(0);
        stages.live(row("AAA", 1, 101, null, 1, 0));
        stages.live(row("AAA", 1, 103, null, 1, 0));
        assertEquals(List.of(), provisional(stages), "held back until the interval is over");
        stages.fanout.setProcessingTime(100);
        stages.forward(100);
        assertEquals(List.of("P 103.0", "Q 103.0"), provisional(stages), "the latest row, once to each holder");
        assertEquals(List.of("P 1030.0", "Q 515.0"), stages.portfolios.getSideOutput(PortfolioFunction.LIVE).stream()
                .map(StreamRecord::getValue).filter(PortfolioLive::isProvisional)
                .map(l -> l.getPortfolioId() + " " + l.getMarketValue()).sorted().toList(),
                "and each portfolio's provisional row from it");

        stages.live(row("AAA", 1, 104, null, 1, 0)); // held back, but the day closes first
        stages.close(D0.plusDays(1), List.of(row("AAA", 1, 102, 1.0, 1, 0)));
        stages.fanout.setProcessingTime(200);
        assertEquals(List.of("P 103.0", "Q 103.0"), provisional(stages), "none of a day already routed");
    }

    /** The fan-out's provisional ticks so far, as "portfolio close". */
    private static List<String> provisional(Stages stages) {
        return stages.ticks().stream().filter(PortfolioTick::isProvisional)
                .map(t -> t.getPortfolioId() + " " + t.getClose()).sorted().toList();
    }

    @Test
    void aPositionOpenedWhileItsSymbolHasNoBarIsValuedAtTheLastClose() throws Exception {
        trade("P", "BBB", 0, 10, 10);
        close(0, row("AAA", 0, 20, 1.0, 1, 0), row("BBB", 0, 10, 1.0, 1, 0));
        close(1, row("AAA", 1, 21, 1.0, 1, 0), row("BBB", 1, 10, 1.0, 1, 0));
        trade("P", "AAA", 2, 5, 20); // AAA halted on day 2, a portfolio day thanks to BBB
        close(2, row("BBB", 2, 10, 1.0, 1, 0));
        close(3, row("AAA", 3, 22, 1.0, 1, 0), row("BBB", 3, 10, 1.0, 1, 0));
        List<PortfolioDaily> p = rows("P");
        assertEquals(4, p.size());
        assertEquals(100.0 + 5 * 21, p.get(2).getMarketValue(), "AAA at its last close");
        assertEquals(5.0, p.get(2).getPnl(), "205 - 100 - 5 * 20");
        assertEquals(5.0, p.get(3).getPnl(), "210 - 205");
    }

    @Test
    void correlationsFindTheirCommonDatesAcrossGapsInOneSymbol() throws Exception {
        Random rnd = new Random(4);
        trade("P", "AAA", 0, 10, 10);
        trade("P", "BBB", 0, 10, 10);
        List<double[]> pairs = new ArrayList<>();
        for (int day = 0; day < 200; day++) {
            SymbolDaily a = row("AAA", day, 10, 1.0, 1, 0);
            a.setRet(day == 0 ? null : rnd.nextGaussian() * 0.01);
            SymbolDaily b = row("BBB", day, 10, 1.0, 1, 0);
            b.setRet(day == 0 ? null : a.getRet() == null ? null : a.getRet() * 0.5 + rnd.nextGaussian() * 0.01);
            if (day % 10 == 0 && day > 0) {
                close(day, a); // BBB has no bar every tenth day
            } else {
                close(day, a, b);
                if (day > 0) {
                    pairs.add(new double[] {a.getRet(), b.getRet()});
                }
            }
        }
        // the last 90 common dates reach back to about day 100, beyond AAA's last 90 returns
        List<double[]> last = pairs.subList(pairs.size() - 90, pairs.size());
        double expected = new PearsonsCorrelation().correlation(
                last.stream().mapToDouble(x -> x[0]).toArray(), last.stream().mapToDouble(x -> x[1]).toArray());
        List<PortfolioCorrelation> correlations = new ArrayList<>();
        for (StreamRecord<PortfolioCorrelation> r : stages.portfolios.getSideOutput(PortfolioFunction.CORRELATIONS)) {
            correlations.add(r.getValue());
        }
        PortfolioCorrelation latest = correlations.get(correlations.size() - 1);
        assertEquals(D0.plusDays(199), latest.getDate());
        assertEquals(expected, latest.getCorrelation(), 1e-12);
    }

    private List<PortfolioDaily> rows(String portfolio) {
        List<PortfolioDaily> out = new ArrayList<>();
        for (PortfolioDaily r : stages.portfolios.extractOutputValues()) {
            if (r.getPortfolioId().equals(portfolio)) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void profitAndLossThroughTradesDividendsSplitsShortsAndAClosedPosition() throws Exception {
        // day 0: buy 10 AAA at 99 (close 100), short 5 BBB at 51 (close 50)
        trade("P", "AAA", 0, 10, 99);
        trade("P", "BBB", 0, -5, 51);
        close(0, row("AAA", 0, 100, 1.0, 1, 0), row("BBB", 0, 50, 2.0, 1, 0), row("CCC", 0, 7, 0.5, 1, 0));
        // day 1: AAA pays 2 per share and closes at 101; BBB is halted (close carried forward)
        close(1, row("AAA", 1, 101, 1.1, 1, 2), row("CCC", 1, 7, 0.5, 1, 0));
        // day 2: AAA splits 2:1 and closes at 50; sell all BBB at 52 (BBB trades again at 52)
        trade("P", "BBB", 2, 5, 52);
        close(2, row("AAA", 2, 50, 1.2, 2, 0), row("BBB", 2, 52, 2.0, 1, 0));
        // day 3: BBB rises while P holds none; day 4: P buys BBB again
        close(3, row("AAA", 3, 50, 1.2, 1, 0), row("BBB", 3, 60, 2.0, 1, 0));
        trade("P", "BBB", 4, 2, 61);
        close(4, row("AAA", 4, 51, 1.2, 1, 0), row("BBB", 4, 61, 3.0, 1, 0));

        List<PortfolioDaily> p = rows("P");
        assertEquals(5, p.size(), "one row per day on which a held or traded symbol trades");
        // day 0: MV = 10*100 - 5*50 = 750; cash = 10*99 - 5*51 = 735; pnl = 750 - 0 - 735 = 15
        assertEquals(750.0, p.get(0).getMarketValue());
        assertEquals(1250.0, p.get(0).getGrossExposure());
        assertEquals(15.0, p.get(0).getPnl());
        assertNull(p.get(0).getRet(), "no market value the day before");
        assertEquals((1000 * 1.0 + -250 * 2.0) / 750, p.get(0).getMetrics()[0], 1e-15);
        // day 1: MV = 1010 - 250 = 760; dividend 10*2 = 20; pnl = 760 - 750 + 20 = 30
        assertEquals(760.0, p.get(1).getMarketValue());
        assertEquals(30.0, p.get(1).getPnl());
        assertEquals(30.0 / 750, p.get(1).getRet(), 1e-15);
        assertEquals(45.0, p.get(1).getEquity());
        // day 2: 20 AAA at 50 = 1000, BBB closed; cash = 5*52 = 260; pnl = 1000 - 760 - 260 = -20
        assertEquals(1000.0, p.get(2).getMarketValue());
        assertEquals(-20.0, p.get(2).getPnl());
        assertEquals(1.0, p.get(2).getHhi());
        // day 3: BBB's move does not touch P
        assertEquals(0.0, p.get(3).getPnl());
        // day 4: 20*51 + 2*61 = 1142; cash 122; pnl = 1142 - 1000 - 122 = 20
        assertEquals(1142.0, p.get(4).getMarketValue());
        assertEquals(20.0, p.get(4).getPnl());
        assertEquals(15.0 + 30 - 20 + 0 + 20, p.get(4).getEquity());
        assertEquals((1020 * 1.2 + 122 * 3.0) / 1142, p.get(4).getMetrics()[0], 1e-15);

        long cccTicks = stages.ticks().stream().filter(t -> t.getSymbol().equals("CCC")).count();
        assertEquals(0, cccTicks, "rows of symbols nobody holds go nowhere");
        assertTrue(stages.ticks().stream().filter(t -> t.getSymbol().equals("BBB"))
                .noneMatch(t -> t.getDate().equals(D0.plusDays(3))), "BBB was not held on day 3");
    }

    @Test
    void aBackDatedTradeCorrectsItsDayAndEveryLaterRow() throws Exception {
        trade("P", "AAA", 0, 10, 100);
        close(0, row("AAA", 0, 100, 1.0, 1, 0), row("BBB", 0, 50, 2.0, 1, 0));
        close(1, row("AAA", 1, 101, 1.0, 1, 0), row("BBB", 1, 51, 2.0, 1, 0));
        close(2, row("AAA", 2, 102, 1.0, 1, 0), row("BBB", 2, 26, 2.0, 2, 1)); // BBB splits 2:1, pays 1
        close(3, row("AAA", 3, 103, 1.0, 1, 0), row("BBB", 3, 27, 2.0, 1, 0));
        assertEquals(4, rows("P").size());
        // booked late: P bought 4 BBB at 50 on day 1
        trade("P", "BBB", 1, 4, 50);
        Map<String, PortfolioDaily> table = stages.table();
        assertEquals(4, table.size());
        PortfolioDaily day0 = table.get("P " + D0);
        assertEquals(1000.0, day0.getMarketValue(), "day 0 is not touched");
        PortfolioDaily day1 = table.get("P " + D0.plusDays(1));
        assertEquals(1010.0 + 4 * 51, day1.getMarketValue());
        assertEquals(10.0 + 4 * 51 - 4 * 50, day1.getPnl(), "AAA's 10 plus BBB bought at 50, closing at 51");
        PortfolioDaily day2 = table.get("P " + D0.plusDays(2));
        assertEquals(1020.0 + 8 * 26, day2.getMarketValue(), "the split doubles the late trade's quantity");
        assertEquals(10.0 + (8 * 26 - 4 * 51) + 8 * 1, day2.getPnl(), "with the dividend on 8 post-split shares");
        PortfolioDaily day3 = table.get("P " + D0.plusDays(3));
        assertEquals(1030.0 + 8 * 27, day3.getMarketValue());
        assertEquals(10.0 + 8, day3.getPnl());
        assertEquals(0.0 + 14 + 22 + 18, day3.getEquity(), 1e-12);
        assertEquals((1030 * 1.0 + 216 * 2.0) / 1246, day3.getMetrics()[0], 1e-15);
        assertEquals(day3.getMarketValue(), stages.liveTable().get("P " + D0.plusDays(3)).getMarketValue(),
                "the final live row is corrected too");

        // and the days after go on from the corrected holdings: the fan-out now routes BBB to P
        close(4, row("AAA", 4, 103, 1.0, 1, 0), row("BBB", 4, 28, 2.0, 1, 0));
        assertEquals(8.0, stages.table().get("P " + D0.plusDays(4)).getPnl());
    }

    @Test
    void aBackDatedSaleOfEverythingRetractsTheDaysThatAreNoLongerPortfolioDays() throws Exception {
        trade("P", "AAA", 0, 10, 100);
        trade("P", "BBB", 0, 10, 50);
        close(0, row("AAA", 0, 100, 1.0, 1, 0), row("BBB", 0, 50, 1.0, 1, 0));
        close(1, row("AAA", 1, 101, 1.0, 1, 0), row("BBB", 1, 51, 1.0, 1, 0));
        close(2, row("AAA", 2, 102, 1.0, 1, 0));
        close(3, row("AAA", 3, 103, 1.0, 1, 0), row("BBB", 3, 53, 1.0, 1, 0));
        assertEquals(4, stages.table().size());
        assertEquals(1, stages.correlations().size());
        // booked late: P sold all AAA on day 1; BBB has no bar on day 2, so day 2 is no longer a portfolio day
        trade("P", "AAA", 1, -10, 101);
        Map<String, PortfolioDaily> table = stages.table();
        assertEquals(List.of("P " + D0, "P " + D0.plusDays(1), "P " + D0.plusDays(3)), List.copyOf(table.keySet()));
        assertEquals(510.0, table.get("P " + D0.plusDays(1)).getMarketValue());
        assertEquals(530.0, table.get("P " + D0.plusDays(3)).getMarketValue());
        assertEquals(20.0, table.get("P " + D0.plusDays(3)).getPnl());
        assertTrue(!stages.liveTable().containsKey("P " + D0.plusDays(2)), "the live row of day 2 is retracted");
        assertTrue(stages.correlations().isEmpty(), "one holding left: no pairs");
        // AAA's later rows no longer reach P
        close(4, row("AAA", 4, 200, 1.0, 1, 0));
        assertEquals(3, stages.table().size());
    }

    @Test
    void tradesOlderThanTheCorrectionWindowAreDeadLettered() throws Exception {
        trade("P", "AAA", 0, 10, 100);
        for (int day = 0; day < 80; day++) {
            close(day, row("AAA", day, 100 + day, 1.0, 1, 0));
        }
        trade("P", "AAA", 20, 1, 100);
        trade("P", "AAA", 60, 1, 100);
        List<DeadLetter> dead = stages.deadLetters();
        assertEquals(1, dead.size());
        assertEquals(ErrorCode.LATE, dead.get(0).getErrorCode());
        assertEquals("P,AAA," + D0.plusDays(20) + ",1.0,100.0", new String(dead.get(0).getRaw(), StandardCharsets.UTF_8));
        assertEquals(11 * (100.0 + 79), stages.table().get("P " + D0.plusDays(79)).getMarketValue(),
                "the trade within the window counts, the other does not");
    }

    /**
     * Brute force: random portfolios over 150 days with splits, dividends, gaps, shorts and
     * positions closed and reopened, once with every trade on time and once with a quarter of
     * them booked 1 to 25 days late (after the snapshot has moved several times): the tables,
     * the final live rows and the latest correlations are the same.
     */
    @Test
    void lateTradesGiveTheSameResultsAsTradesOnTime() throws Exception {
        Random rnd = new Random(11);
        int days = 150;
        List<String> symbols = List.of("AAA", "BBB", "CCC", "DDD", "EEE");
        List<List<SymbolDaily>> rowsByDay = new ArrayList<>();
        Map<String, Double> close = new HashMap<>();
        for (int day = 0; day < days; day++) {
            List<SymbolDaily> today = new ArrayList<>();
            for (String s : symbols) {
                if (rnd.nextInt(12) == 0) {
                    continue; // no bar today
                }
                double split = rnd.nextInt(60) == 0 ? 2.0 : 1.0;
                double dividend = rnd.nextInt(30) == 0 ? 0.5 : 0.0;
                Double previous = close.get(s);
                double c = previous == null ? 20 + rnd.nextInt(80) : previous / split * (1 + rnd.nextGaussian() * 0.02);
                SymbolDaily r = row(s, day, c, rnd.nextInt(20) == 0 ? null : rnd.nextGaussian(), split, dividend);
                r.setRet(previous == null ? null : (c * split + dividend * split) / previous - 1);
                close.put(s, c);
                today.add(r);
            }
            rowsByDay.add(today);
        }
        // trades: per portfolio and symbol the split-adjusted net quantity, to close positions exactly
        Map<String, Double> net = new HashMap<>();
        List<List<Trade>> tradesByDay = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            for (SymbolDaily r : rowsByDay.get(day)) {
                for (String p : List.of("P1", "P2", "P3", "P4")) {
                    net.computeIfPresent(p + " " + r.getSymbol(), (k, q) -> q * r.getSplitRatio());
                }
            }
            List<Trade> today = new ArrayList<>();
            for (int i = rnd.nextInt(4); i > 0; i--) {
                String p = "P" + (1 + rnd.nextInt(4));
                String s = symbols.get(rnd.nextInt(symbols.size()));
                double q = net.getOrDefault(p + " " + s, 0.0) != 0 && rnd.nextInt(4) == 0
                        ? -net.get(p + " " + s) : rnd.nextInt(41) - 15;
                net.merge(p + " " + s, q, Double::sum);
                today.add(newTrade(p, s, day, q, 10 + rnd.nextInt(90)));
            }
            tradesByDay.add(today);
        }

        Stages onTime = new Stages(30);
        Stages late = new Stages(30);
        Map<Integer, List<Trade>> delayed = new HashMap<>();
        int lateTrades = 0;
        for (int day = 0; day < days; day++) {
            for (Trade t : tradesByDay.get(day)) {
                onTime.trade(t);
                if (day > 0 && rnd.nextInt(4) == 0) {
                    delayed.computeIfAbsent(day + 1 + rnd.nextInt(25), d -> new ArrayList<>()).add(t);
                    lateTrades++;
                } else {
                    late.trade(t);
                }
            }
            for (Trade t : delayed.getOrDefault(day, List.of())) {
                late.trade(t); // the days up to day - 1 are closed
            }
            onTime.close(D0.plusDays(day), rowsByDay.get(day));
            late.close(D0.plusDays(day), rowsByDay.get(day));
        }
        for (int day = days; day <= days + 25; day++) {
            for (Trade t : delayed.getOrDefault(day, List.of())) {
                late.trade(t);
            }
        }
        assertTrue(lateTrades > 40, lateTrades + " late trades");
        assertTrue(late.deadLetters().isEmpty(), () -> late.deadLetters().stream().map(DeadLetter::getMessage).toList().toString());

        Map<String, PortfolioDaily> expected = onTime.table();
        Map<String, PortfolioDaily> actual = late.table();
        assertEquals(expected.keySet(), actual.keySet());
        assertTrue(expected.size() > 400, expected.size() + " rows");
        long retracted = late.portfolios.extractOutputValues().stream().filter(PortfolioDaily::isRetracted).count();
        assertTrue(retracted > 0, "some late trades removed portfolio days");
        for (String key : expected.keySet()) {
            PortfolioDaily e = expected.get(key);
            PortfolioDaily a = actual.get(key);
            double scale = 1e-9 * Math.max(1.0, e.getGrossExposure());
            assertEquals(e.getMarketValue(), a.getMarketValue(), scale, key);
            assertEquals(e.getGrossExposure(), a.getGrossExposure(), scale, key);
            assertEquals(e.getPnl(), a.getPnl(), scale, key);
            assertEquals(e.getEquity(), a.getEquity(), 1e-9 * Math.max(1.0, Math.abs(e.getEquity())) + scale, key);
            assertClose(e.getRet(), a.getRet(), key + " return");
            assertClose(e.getVol63(), a.getVol63(), key + " vol");
            assertClose(e.getHhi(), a.getHhi(), key + " hhi");
            assertClose(e.getTop5Weight(), a.getTop5Weight(), key + " top5");
            assertClose(e.getMetrics()[0], a.getMetrics()[0], key + " beta");
            assertEquals(List.of(e.getSectors()), List.of(a.getSectors()), key);
        }
        Map<String, PortfolioLive> expectedLive = onTime.liveTable();
        Map<String, PortfolioLive> actualLive = late.liveTable();
        assertEquals(expectedLive.keySet(), actualLive.keySet());
        expectedLive.forEach((k, e) -> assertEquals(e.getPnl(), actualLive.get(k).getPnl(),
                1e-9 * Math.max(1.0, Math.abs(e.getMarketValue())), k));
        Map<String, PortfolioCorrelation> expectedPairs = onTime.correlations();
        Map<String, PortfolioCorrelation> actualPairs = late.correlations();
        assertEquals(expectedPairs.keySet(), actualPairs.keySet());
        assertTrue(expectedPairs.values().stream().anyMatch(c -> c.getCorrelation() != null));
        expectedPairs.forEach((k, e) -> {
            assertEquals(e.getDate(), actualPairs.get(k).getDate(), k);
            assertClose(e.getCorrelation(), actualPairs.get(k).getCorrelation(), k);
        });
    }

    private static void assertClose(Double expected, Double actual, String what) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, what);
        } else {
            assertEquals(expected, actual, 1e-9 * Math.max(1.0, Math.abs(expected)), what);
        }
    }

    @Test
    void aBackDatedTradeRightAfterARestartIsStillACorrection() throws Exception {
        Stages onTime = new Stages(10);
        Stages beforeRestart = new Stages(10);
        Trade late = newTrade("P", "BBB", 15, 7, 40);
        for (int day = 0; day < 20; day++) {
            if (day == 0) {
                Trade first = newTrade("P", "AAA", 0, 10, 100);
                onTime.trade(first);
                beforeRestart.trade(first);
            }
            if (day == 15) {
                onTime.trade(late);
            }
            List<SymbolDaily> rows = List.of(row("AAA", day, 100 + day, 1.0, 1, 0), row("BBB", day, 40 + day, 2.0,
                    day == 17 ? 2 : 1, 0));
            onTime.close(D0.plusDays(day), rows);
            beforeRestart.close(D0.plusDays(day), rows);
        }
        // restarted: the watermark starts again from nothing, the state knows day 19 is closed
        Stages restarted = beforeRestart.restarted(10);
        restarted.trade(late);
        Map<String, PortfolioDaily> expected = onTime.table();
        Map<String, PortfolioDaily> corrected = restarted.table();
        assertEquals(5, corrected.size(), "days 15 to 19 re-emitted: " + corrected.keySet());
        corrected.forEach((key, row) -> {
            assertEquals(expected.get(key).getMarketValue(), row.getMarketValue(), 1e-9, key);
            assertEquals(expected.get(key).getEquity(), row.getEquity(), 1e-9, key);
        });
        assertEquals(10 * 119.0 + 14 * 59, corrected.get("P " + D0.plusDays(19)).getMarketValue(),
                "BBB's split on day 17 doubled the late trade's 7 shares");
        List<SymbolDaily> next = List.of(row("AAA", 20, 120, 1.0, 1, 0), row("BBB", 20, 60, 2.0, 1, 0));
        onTime.close(D0.plusDays(20), next);
        restarted.close(D0.plusDays(20), next);
        assertEquals(onTime.table().get("P " + D0.plusDays(20)).getPnl(),
                restarted.table().get("P " + D0.plusDays(20)).getPnl(), 1e-9, "and the next day goes on from there");
        assertEquals(1, restarted.ticks().stream().filter(t -> t.getDate().equals(D0.plusDays(20))
                && t.getSymbol().equals("BBB")).count(), "day 20 of BBB is routed once");
    }
}
