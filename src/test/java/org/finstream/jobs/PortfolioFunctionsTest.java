package org.finstream.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.finstream.records.EventTimes;
import org.finstream.records.PortfolioCorrelation;
import org.finstream.records.PortfolioDaily;
import org.finstream.records.PortfolioEvent;
import org.finstream.records.PortfolioLive;
import org.finstream.records.PortfolioTick;
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

    private final KeyedOneInputStreamOperatorTestHarness<String, PortfolioEvent, PortfolioTick> fanout;
    private final KeyedOneInputStreamOperatorTestHarness<String, PortfolioEvent, PortfolioDaily> portfolios;
    private int ticksForwarded;

    PortfolioFunctionsTest() throws Exception {
        fanout = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new PortfolioFanoutFunction(180, new int[] {0}),
                PortfolioEvent::symbol, Types.STRING);
        portfolios = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new PortfolioFunction(1, 63, 90, 252, true, 180),
                PortfolioEvent::portfolioId, Types.STRING);
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

    private void trade(String portfolio, String symbol, int day, double quantity, double price) throws Exception {
        Trade t = new Trade(portfolio, symbol, D0.plusDays(day), quantity, price);
        fanout.processElement(PortfolioEvent.of(t), t.eventTime());
        portfolios.processElement(PortfolioEvent.of(t), t.eventTime());
    }

    private void close(int day, SymbolDaily... rows) throws Exception {
        for (SymbolDaily r : rows) {
            fanout.processElement(PortfolioEvent.of(r), r.getEventTime());
        }
        long end = EventTimes.endOfDay(D0.plusDays(day));
        fanout.processWatermark(end);
        List<PortfolioTick> ticks = fanout.extractOutputValues();
        for (PortfolioTick t : ticks.subList(ticksForwarded, ticks.size())) {
            portfolios.processElement(PortfolioEvent.of(t), end);
        }
        ticksForwarded = ticks.size();
        portfolios.processWatermark(end);
    }

    private void live(SymbolDaily row) throws Exception {
        row.setProvisional(true);
        fanout.processElement(PortfolioEvent.of(row), row.getEventTime());
        List<PortfolioTick> ticks = fanout.extractOutputValues();
        for (PortfolioTick t : ticks.subList(ticksForwarded, ticks.size())) {
            portfolios.processElement(PortfolioEvent.of(t), t.getEventTime());
        }
        ticksForwarded = ticks.size();
    }

    private List<PortfolioLive> live() {
        List<PortfolioLive> out = new ArrayList<>();
        for (StreamRecord<PortfolioLive> r : portfolios.getSideOutput(PortfolioFunction.LIVE)) {
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
        for (StreamRecord<PortfolioCorrelation> r : portfolios.getSideOutput(PortfolioFunction.CORRELATIONS)) {
            correlations.add(r.getValue());
        }
        PortfolioCorrelation latest = correlations.get(correlations.size() - 1);
        assertEquals(D0.plusDays(199), latest.getDate());
        assertEquals(expected, latest.getCorrelation(), 1e-12);
    }

    private List<PortfolioDaily> rows(String portfolio) {
        List<PortfolioDaily> out = new ArrayList<>();
        for (PortfolioDaily r : portfolios.extractOutputValues()) {
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

        long cccTicks = fanout.extractOutputValues().stream().filter(t -> t.getSymbol().equals("CCC")).count();
        assertEquals(0, cccTicks, "rows of symbols nobody holds go nowhere");
        assertTrue(fanout.extractOutputValues().stream().filter(t -> t.getSymbol().equals("BBB"))
                .noneMatch(t -> t.getDate().equals(D0.plusDays(3))), "BBB was not held on day 3");
    }
}
