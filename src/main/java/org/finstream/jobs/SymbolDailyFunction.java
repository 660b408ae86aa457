package org.finstream.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.finstream.analytics.TotalReturn;
import org.finstream.records.CorporateAction;
import org.finstream.records.EventTimes;
import org.finstream.records.PriceBar;
import org.finstream.records.SymbolDaily;

/**
 * Keyed by symbol. Daily bars wait in state until the watermark passes their day (so
 * out-of-order arrival within the allowed lateness is harmless and the day's corporate
 * actions are known), then the day is closed in date order: total return against the
 * previous trading day's close, with every split and dividend whose ex-date falls after that
 * day and on or before this one.
 */
public class SymbolDailyFunction extends KeyedCoProcessFunction<String, PriceBar, CorporateAction, SymbolDaily> {
    private transient MapState<Long, PriceBar> bars;
    private transient MapState<Long, PendingActions> actions;
    private transient ValueState<LastClose> last;

    @Override
    public void open(OpenContext ctx) {
        bars = getRuntimeContext().getMapState(new MapStateDescriptor<>("bars", Types.LONG, Types.POJO(PriceBar.class)));
        actions = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("actions", Types.LONG, Types.POJO(PendingActions.class)));
        last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Types.POJO(LastClose.class)));
    }

    @Override
    public void processElement1(PriceBar bar, Context ctx, Collector<SymbolDaily> out) throws Exception {
        bars.put(bar.getDate().toEpochDay(), bar);
        ctx.timerService().registerEventTimeTimer(bar.eventTime());
    }

    @Override
    public void processElement2(CorporateAction action, Context ctx, Collector<SymbolDaily> out) throws Exception {
        long day = action.getExDate().toEpochDay();
        PendingActions pending = actions.get(day);
        if (pending == null) {
            pending = new PendingActions();
        }
        pending.add(action);
        actions.put(day, pending);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SymbolDaily> out) throws Exception {
        long day = EventTimes.dateOf(timestamp).toEpochDay();
        PriceBar bar = bars.get(day);
        if (bar == null) {
            return;
        }
        bars.remove(day);
        PendingActions applied = takeActionsThrough(day);
        LastClose previous = last.value();

        SymbolDaily row = new SymbolDaily();
        row.setSymbol(bar.getSymbol());
        row.setDate(bar.getDate());
        row.setEventTime(timestamp);
        row.setClose(bar.getClose());
        if (previous != null) {
            row.setRet(TotalReturn.of(previous.getClose(), bar.getClose(), applied.getSplitRatio(), applied.getDividend()));
        }
        last.update(new LastClose(day, bar.getClose()));
        out.collect(row);
    }

    /** Removes and combines, in ex-date order, the actions with ex-date on or before {@code day}. */
    private PendingActions takeActionsThrough(long day) throws Exception {
        PendingActions combined = new PendingActions();
        if (actions.isEmpty()) {
            return combined;
        }
        List<Long> due = new ArrayList<>();
        for (Map.Entry<Long, PendingActions> e : actions.entries()) {
            if (e.getKey() <= day) {
                due.add(e.getKey());
            }
        }
        due.sort(null);
        for (Long d : due) {
            combined.addLater(actions.get(d));
            actions.remove(d);
        }
        return combined;
    }
}
