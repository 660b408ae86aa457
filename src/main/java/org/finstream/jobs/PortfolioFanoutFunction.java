package org.finstream.jobs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.finstream.analytics.RowRing;
import org.finstream.records.EventTimes;
import org.finstream.records.PortfolioEvent;
import org.finstream.records.PortfolioTick;
import org.finstream.records.SymbolDaily;
import org.finstream.records.Trade;

/**
 * Keyed by symbol: routes each daily row of the symbol to every portfolio that held the
 * symbol at the end of its previous day or trades it that day, so per-symbol math is done once
 * and each portfolio only combines. Keeps the symbol's holders (net quantity, split-adjusted),
 * its sector and its recent returns, which go along with the first row a new holder receives.
 *
 * <p>A day is routed when the watermark passes its end, after that day's trades changed the
 * holders. A provisional (live, intraday) row is routed at once, to the holders and to the
 * portfolios with not yet applied trades in the symbol.
 */
public class PortfolioFanoutFunction extends KeyedProcessFunction<String, PortfolioEvent, PortfolioTick> {
    private final int historyLength;
    private final int[] metricIndices;

    private transient MapState<Long, SymbolDaily> rows;
    private transient ListState<Trade> trades;
    private transient MapState<String, Holder> holders;
    private transient ValueState<RowRing> history;
    private transient ValueState<String> sector;
    private transient ValueState<SymbolDaily> lastRow;

    /**
     * @param historyLength returns kept for new holders (the longest portfolio window)
     * @param metricIndices which of the symbol row's metrics portfolios aggregate, in order
     */
    public PortfolioFanoutFunction(int historyLength, int[] metricIndices) {
        this.historyLength = historyLength;
        this.metricIndices = metricIndices.clone();
    }

    @Override
    public void open(OpenContext ctx) {
        rows = getRuntimeContext().getMapState(new MapStateDescriptor<>("rows", Types.LONG, Types.POJO(SymbolDaily.class)));
        trades = getRuntimeContext().getListState(new ListStateDescriptor<>("trades", Types.POJO(Trade.class)));
        holders = getRuntimeContext().getMapState(new MapStateDescriptor<>("holders", Types.STRING, Types.POJO(Holder.class)));
        history = getRuntimeContext().getState(new ValueStateDescriptor<>("history", Types.POJO(RowRing.class)));
        sector = getRuntimeContext().getState(new ValueStateDescriptor<>("sector", Types.STRING));
        lastRow = getRuntimeContext().getState(new ValueStateDescriptor<>("last-row", Types.POJO(SymbolDaily.class)));
    }

    @Override
    public void processElement(PortfolioEvent event, Context ctx, Collector<PortfolioTick> out) throws Exception {
        if (event.getReference() != null) {
            sector.update(event.getReference().getSector());
        } else if (event.getTrade() != null) {
            trades.add(event.getTrade());
            ctx.timerService().registerEventTimeTimer(EventTimes.endOfDay(event.getTrade().getTradeDate()));
        } else if (!event.getRow().isProvisional()) {
            SymbolDaily row = event.getRow();
            rows.put(row.getDate().toEpochDay(), row);
            ctx.timerService().registerEventTimeTimer(EventTimes.endOfDay(row.getDate()));
        } else {
            live(event.getRow(), out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PortfolioTick> out) throws Exception {
        long day = EventTimes.dateOf(timestamp).toEpochDay();
        SymbolDaily row = rows.get(day);
        if (row != null) {
            rows.remove(day);
            for (Map.Entry<String, Holder> e : holders.entries()) {
                Holder h = e.getValue();
                h.setQuantity(h.getQuantity() * row.getSplitRatio());
                holders.put(e.getKey(), h);
            }
        }
        List<Trade> later = new ArrayList<>();
        for (Trade t : trades.get()) {
            if (t.getTradeDate().toEpochDay() > day) {
                later.add(t);
                continue;
            }
            Holder h = holders.get(t.getPortfolioId());
            if (h == null) {
                h = new Holder();
                h.setNeedsHistory(true);
            }
            h.setQuantity(h.getQuantity() + t.getQuantity());
            holders.put(t.getPortfolioId(), h);
        }
        trades.update(later);
        if (row == null) {
            carryToNewHolders(day, out);
            return;
        }
        lastRow.update(row);
        RowRing returns = history.value();
        if (row.getRet() != null) {
            if (returns == null) {
                returns = new RowRing(historyLength, 2);
            }
            returns.push(new double[] {day, row.getRet()});
            history.update(returns);
        }
        List<String> closed = new ArrayList<>();
        for (Map.Entry<String, Holder> e : holders.entries()) {
            Holder h = e.getValue();
            out.collect(tick(e.getKey(), row, h.isNeedsHistory() ? returns : null));
            h.setNeedsHistory(false);
            if (h.getQuantity() == 0.0) {
                closed.add(e.getKey());
            } else {
                holders.put(e.getKey(), h);
            }
        }
        for (String p : closed) {
            holders.remove(p);
        }
    }

    /**
     * On a day without a bar of the symbol, portfolios that just started holding it get its last
     * row (price, metrics, returns) as a carried tick, so the new position is valued at its last
     * close.
     */
    private void carryToNewHolders(long day, Collector<PortfolioTick> out) throws Exception {
        SymbolDaily last = lastRow.value();
        if (last == null) {
            return;
        }
        RowRing returns = history.value();
        for (Map.Entry<String, Holder> e : holders.entries()) {
            Holder h = e.getValue();
            if (h.isNeedsHistory()) {
                PortfolioTick t = tick(e.getKey(), last, returns);
                t.setDate(LocalDate.ofEpochDay(day));
                t.setEventTime(EventTimes.endOfDay(t.getDate()));
                t.setRet(null);
                t.setSplitRatio(1.0);
                t.setDividend(0.0);
                t.setCarried(true);
                out.collect(t);
                h.setNeedsHistory(false);
                holders.put(e.getKey(), h);
            }
        }
    }

    /** A live price goes at once to the holders and to the portfolios with pending trades in the symbol. */
    private void live(SymbolDaily row, Collector<PortfolioTick> out) throws Exception {
        Set<String> targets = new TreeSet<>();
        for (String p : holders.keys()) {
            targets.add(p);
        }
        for (Trade t : trades.get()) {
            if (!t.getTradeDate().isAfter(row.getDate())) {
                targets.add(t.getPortfolioId());
            }
        }
        for (String p : targets) {
            out.collect(tick(p, row, null));
        }
    }

    private PortfolioTick tick(String portfolio, SymbolDaily row, RowRing returns) throws Exception {
        PortfolioTick t = new PortfolioTick();
        t.setPortfolioId(portfolio);
        t.setSymbol(row.getSymbol());
        t.setDate(row.getDate());
        t.setEventTime(row.getEventTime());
        t.setProvisional(row.isProvisional());
        t.setClose(row.getClose());
        t.setRet(row.getRet());
        t.setSplitRatio(row.getSplitRatio());
        t.setDividend(row.getDividend());
        Double[] metrics = new Double[metricIndices.length];
        for (int i = 0; i < metrics.length; i++) {
            metrics[i] = row.getMetrics()[metricIndices[i]];
        }
        t.setMetrics(metrics);
        t.setSector(sector.value());
        if (returns != null) {
            long[] days = new long[returns.size()];
            double[] values = new double[returns.size()];
            for (int i = 0; i < days.length; i++) {
                days[i] = (long) returns.get(i, 0);
                values[i] = returns.get(i, 1);
            }
            t.setHistoryDays(days);
            t.setHistoryReturns(values);
        }
        return t;
    }

    /** Keyed state: one portfolio's net quantity of the symbol. */
    public static class Holder {
        private double quantity;
        private boolean needsHistory;

        public Holder() {}

        public double getQuantity() { return quantity; }
        public void setQuantity(double quantity) { this.quantity = quantity; }
        public boolean isNeedsHistory() { return needsHistory; }
        public void setNeedsHistory(boolean needsHistory) { this.needsHistory = needsHistory; }
    }
}
