package org.finstream.jobs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.finstream.analytics.RowRing;
import org.finstream.records.DeadLetter;
import org.finstream.records.ErrorCode;
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
 * portfolios with not yet applied trades in the symbol. Trades go on to their portfolio at once,
 * behind the ticks they need: a back-dated trade (dated on a day already routed) corrects the
 * holder and first sends its portfolio the symbol's rows from the trade date on, which the
 * fan-out keeps for the correction window.
 */
public class PortfolioFanoutFunction extends KeyedProcessFunction<String, PortfolioEvent, PortfolioEvent> {
    /** Back-dated trades older than the rows kept for corrections. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("portfolio-fanout-dead-letters", Types.POJO(DeadLetter.class));

    private final int historyLength;
    private final int[] metricIndices;
    private final long correctionDays;

    /** Rows not routed yet, and the routed rows of the correction window (plus the one before it). */
    private transient MapState<Long, SymbolDaily> rows;
    /** Routed rows before this epoch day may have been dropped. */
    private transient ValueState<Long> horizon;
    /**
     * The last day routed (kept in state: after a restore the watermark starts again from
     * nothing, but a trade for a routed day is still back-dated and a day is never routed twice).
     */
    private transient ValueState<Long> routed;
    private transient ListState<Trade> trades;
    private transient MapState<String, Holder> holders;
    private transient ValueState<RowRing> history;
    private transient ValueState<String> sector;
    private transient ValueState<SymbolDaily> liveRow;
    private final Conflation conflation;

    /**
     * @param historyLength  returns sent to new holders (the longest portfolio window)
     * @param metricIndices  which of the symbol row's metrics portfolios aggregate, in order
     * @param correctionDays how far back (days before the last routed day) a trade may still
     *                       correct routed days
     * @param liveMillis     {@code live.portfolio-interval}: a symbol's provisional row goes to its
     *                       portfolios at most this often, the latest one (0: every one)
     */
    public PortfolioFanoutFunction(int historyLength, int[] metricIndices, long correctionDays, long liveMillis) {
        this.historyLength = historyLength;
        this.metricIndices = metricIndices.clone();
        this.correctionDays = correctionDays;
        this.conflation = new Conflation(liveMillis);
    }

    @Override
    public void open(OpenContext ctx) {
        rows = getRuntimeContext().getMapState(new MapStateDescriptor<>("rows", Types.LONG, Types.POJO(SymbolDaily.class)));
        horizon = getRuntimeContext().getState(new ValueStateDescriptor<>("horizon", Types.LONG));
        routed = getRuntimeContext().getState(new ValueStateDescriptor<>("routed", Types.LONG));
        trades = getRuntimeContext().getListState(new ListStateDescriptor<>("trades", Types.POJO(Trade.class)));
        holders = getRuntimeContext().getMapState(new MapStateDescriptor<>("holders", Types.STRING, Types.POJO(Holder.class)));
        history = getRuntimeContext().getState(new ValueStateDescriptor<>("history", Types.POJO(RowRing.class)));
        sector = getRuntimeContext().getState(new ValueStateDescriptor<>("sector", Types.STRING));
        liveRow = getRuntimeContext().getState(new ValueStateDescriptor<>("live-row", Types.POJO(SymbolDaily.class)));
        conflation.open(getRuntimeContext());
    }

    @Override
    public void processElement(PortfolioEvent event, Context ctx, Collector<PortfolioEvent> out) throws Exception {
        if (event.getReference() != null) {
            sector.update(event.getReference().getSector());
        } else if (event.getTrade() != null) {
            Trade trade = event.getTrade();
            if (trade.getTradeDate().toEpochDay() > routedUpTo(ctx)) {
                trades.add(trade);
                ctx.timerService().registerEventTimeTimer(EventTimes.endOfDay(trade.getTradeDate()));
            } else if (!backDated(trade, ctx, out)) {
                return;
            }
            out.collect(PortfolioEvent.of(trade));
        } else if (!event.getRow().isProvisional()) {
            SymbolDaily row = event.getRow();
            rows.put(row.getDate().toEpochDay(), row);
            ctx.timerService().registerEventTimeTimer(EventTimes.endOfDay(row.getDate()));
        } else if (conflation.emitNow(ctx.timerService())) {
            live(event.getRow(), out);
        } else {
            liveRow.update(event.getRow()); // goes on when the interval is over, if still the latest
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PortfolioEvent> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            conflation.fired();
            SymbolDaily row = liveRow.value();
            liveRow.clear();
            Long routedDay = routed.value();
            if (row != null && (routedDay == null || row.getDate().toEpochDay() > routedDay)) {
                live(row, out); // not when its day was routed in the meantime: the final row went already
            }
            return;
        }
        long day = EventTimes.dateOf(timestamp).toEpochDay();
        Long routedDay = routed.value();
        if (routedDay != null && day <= routedDay) {
            return; // routed already
        }
        routed.update(day);
        SymbolDaily row = rows.get(day);
        if (row != null) {
            dropRowsBefore(day - correctionDays - 1);
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
        RowRing returns = history.value();
        if (row.getRet() != null) {
            if (returns == null) {
                returns = new RowRing(historyLength + (int) correctionDays, 2);
            }
            returns.push(new double[] {day, row.getRet()});
            history.update(returns);
        }
        List<String> closed = new ArrayList<>();
        for (Map.Entry<String, Holder> e : holders.entries()) {
            Holder h = e.getValue();
            out.collect(PortfolioEvent.of(tick(e.getKey(), row, h.isNeedsHistory() ? returns : null)));
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
    private void carryToNewHolders(long day, Collector<PortfolioEvent> out) throws Exception {
        Map.Entry<Long, SymbolDaily> last = null;
        RowRing returns = null;
        for (Map.Entry<String, Holder> e : holders.entries()) {
            Holder h = e.getValue();
            if (h.isNeedsHistory()) {
                if (last == null) {
                    last = rowsUpTo(day - 1).lastEntry(); // the kept rows include the last routed one
                    if (last == null) {
                        return;
                    }
                    returns = history.value();
                }
                out.collect(PortfolioEvent.of(carried(e.getKey(), last.getValue(), returns, day)));
                h.setNeedsHistory(false);
                holders.put(e.getKey(), h);
            }
        }
    }

    /** The last row of the symbol as a tick of {@code day}, a day without a bar of the symbol. */
    private PortfolioTick carried(String portfolio, SymbolDaily last, RowRing returns, long day) throws Exception {
        PortfolioTick t = tick(portfolio, last, returns);
        t.setDate(LocalDate.ofEpochDay(day));
        t.setEventTime(EventTimes.endOfDay(t.getDate()));
        t.setRet(null);
        t.setSplitRatio(1.0);
        t.setDividend(0.0);
        t.setCarried(true);
        return t;
    }

    /**
     * A trade dated on or before the last routed day: its quantity, scaled by the splits since, goes to the
     * holder at once, and its portfolio gets the symbol's rows from the trade date on (the last
     * earlier row as a carried tick when the symbol has no bar that day), the first with the
     * return history. Returns false (and dead-letters the trade) when those rows are no longer kept.
     */
    private boolean backDated(Trade trade, Context ctx, Collector<PortfolioEvent> out) throws Exception {
        long date = trade.getTradeDate().toEpochDay();
        Long kept = horizon.value();
        if (kept != null && date < kept) {
            ctx.output(DEAD_LETTERS, new DeadLetter(trade.getOrigin(), ErrorCode.LATE, "trade of " + trade.getTradeDate()
                    + " in " + trade.getSymbol() + " is older than the correction window: rows before "
                    + LocalDate.ofEpochDay(kept) + " are no longer kept", System.currentTimeMillis(), "portfolio-fanout"));
            return false;
        }
        TreeMap<Long, SymbolDaily> routed = rowsUpTo(routedUpTo(ctx));
        RowRing returns = history.value();
        String portfolio = trade.getPortfolioId();
        double quantity = trade.getQuantity();
        List<PortfolioTick> ticks = new ArrayList<>();
        Map.Entry<Long, SymbolDaily> before = routed.lowerEntry(date);
        if (!routed.containsKey(date) && before != null) {
            ticks.add(carried(portfolio, before.getValue(), returns, date));
        }
        for (SymbolDaily row : routed.tailMap(date, true).values()) {
            ticks.add(tick(portfolio, row, ticks.isEmpty() ? returns : null));
            if (row.getDate().toEpochDay() > date) {
                quantity *= row.getSplitRatio();
            }
        }
        Holder h = holders.get(portfolio);
        if (h == null) {
            h = new Holder();
            h.setNeedsHistory(ticks.isEmpty());
        }
        h.setQuantity(h.getQuantity() + quantity);
        if (h.getQuantity() == 0.0 && !ticks.isEmpty()) {
            holders.remove(portfolio);
        } else {
            holders.put(portfolio, h);
        }
        for (PortfolioTick t : ticks) {
            t.setCorrection(true);
            out.collect(PortfolioEvent.of(t));
        }
        return true;
    }

    /** The kept rows dated on or before {@code day}, by date. */
    private TreeMap<Long, SymbolDaily> rowsUpTo(long day) throws Exception {
        TreeMap<Long, SymbolDaily> upTo = new TreeMap<>();
        for (Map.Entry<Long, SymbolDaily> e : rows.entries()) {
            if (e.getKey() <= day) {
                upTo.put(e.getKey(), e.getValue());
            }
        }
        return upTo;
    }

    /**
     * The last day whose rows went out: the last one routed, or the watermark's day (a symbol
     * without bars or trades has no timer, but its days are over all the same).
     */
    private long routedUpTo(Context ctx) throws Exception {
        Long routedDay = routed.value();
        long watermark = ctx.timerService().currentWatermark();
        long watermarkDay = watermark == Long.MIN_VALUE || watermark == Long.MAX_VALUE ? watermark
                : EventTimes.dateOf(watermark + 1).toEpochDay() - 1; // the last day whose end it passed
        return Math.max(routedDay == null ? Long.MIN_VALUE : routedDay, watermarkDay);
    }

    /**
     * Drops the routed rows before {@code cutoff} but the latest of them (a carried close), every
     * {@code correctionDays} days (so between one and two windows of rows are kept).
     */
    private void dropRowsBefore(long cutoff) throws Exception {
        Long kept = horizon.value();
        if (kept != null && cutoff - kept < Math.max(1, correctionDays)) {
            return;
        }
        List<Long> older = new ArrayList<>();
        for (Long day : rows.keys()) {
            if (day < cutoff) {
                older.add(day);
            }
        }
        older.sort(null);
        for (Long day : older.subList(0, Math.max(0, older.size() - 1))) {
            rows.remove(day);
        }
        horizon.update(cutoff);
    }

    /** A live price goes at once to the holders and to the portfolios with pending trades in the symbol. */
    private void live(SymbolDaily row, Collector<PortfolioEvent> out) throws Exception {
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
            out.collect(PortfolioEvent.of(tick(p, row, null)));
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
            // the last historyLength returns on or before the row's date
            long asOf = row.getDate().toEpochDay();
            int end = returns.size();
            while (end > 0 && returns.get(end - 1, 0) > asOf) {
                end--;
            }
            int start = Math.max(0, end - historyLength);
            long[] days = new long[end - start];
            double[] values = new double[end - start];
            for (int i = start; i < end; i++) {
                days[i - start] = (long) returns.get(i, 0);
                values[i - start] = returns.get(i, 1);
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
