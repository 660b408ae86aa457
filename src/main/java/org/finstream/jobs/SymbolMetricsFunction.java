package org.finstream.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.finstream.analytics.MetricsSpec;
import org.finstream.analytics.SymbolMetrics;
import org.finstream.records.CorporateAction;
import org.finstream.records.EventTimes;
import org.finstream.records.MarketEvent;
import org.finstream.records.PriceBar;
import org.finstream.records.SymbolDaily;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-symbol daily metrics (METRICS.md section 3), keyed by symbol, with the reference symbols'
 * bars and actions (benchmark, rates proxy, spread legs) broadcast to every instance.
 *
 * <p>Final rows: a daily bar waits in state until the watermark passes its day, so its
 * corporate actions and the reference symbols' bars of that day are known (they carry the same
 * or earlier event times and the watermark only passes once every input has passed them). The
 * day is then closed in date order into {@link SymbolMetrics}, and one final row is emitted.
 *
 * <p>Provisional rows: each intraday bar of a day not yet closed updates the day's running
 * high, low, volume and latest price, and a provisional row is emitted from a copy of the state
 * (at once, or at most once per {@code live.emit-interval}, see {@link Conflation}): the pending daily bars of earlier days, then today with the latest price as its
 * close and the reference symbols' latest prices. The state itself is not changed; the final
 * row replaces the provisional one when the daily bar is closed. Intraday bars of a day whose
 * daily bar has arrived or been closed are not used.
 *
 * <p>A symbol without a daily bar for the retention period (event time) is forgotten.
 */
public class SymbolMetricsFunction extends KeyedBroadcastProcessFunction<String, MarketEvent, MarketEvent, SymbolDaily> {
    private static final Logger LOG = LoggerFactory.getLogger(SymbolMetricsFunction.class);

    /** Broadcast state: the reference symbols' recent bars and actions. */
    public static final MapStateDescriptor<String, ReferenceSeries> REFERENCES =
            new MapStateDescriptor<>("reference-series", Types.STRING, Types.POJO(ReferenceSeries.class));

    private final MetricsSpec spec;
    private final List<String[]> seriesSymbols;
    private final long retentionDays;
    private final Conflation live;

    private transient MapState<Long, PriceBar> bars;
    private transient MapState<Long, PendingActions> actions;
    private transient ValueState<SymbolMetrics> metrics;
    private transient ValueState<PriceBar> intraday;
    /**
     * The last closed day ({@code metrics}' last day), kept apart so that an intraday bar, which
     * only needs to know whether its day is closed, does not read the whole metrics state.
     */
    private transient ValueState<Long> lastClosed;
    private transient TypeSerializer<SymbolMetrics> metricsCopier;

    /**
     * @param spec          the metrics' windows and series
     * @param seriesSymbols per beta series (in {@link MetricsSpec#betaSeries()} order) its symbol,
     *                      or its long and short symbols for a spread
     * @param retentionDays days without a daily bar after which a symbol's state is dropped
     * @param liveEmitMillis provisional rows of a symbol at most this often (0: on every intraday bar)
     */
    public SymbolMetricsFunction(MetricsSpec spec, List<String[]> seriesSymbols, long retentionDays,
                                 long liveEmitMillis) {
        if (seriesSymbols.size() != spec.betaSeries().size()) {
            throw new IllegalArgumentException(seriesSymbols.size() + " series symbols for series " + spec.betaSeries());
        }
        this.spec = spec;
        this.seriesSymbols = new ArrayList<>(seriesSymbols);
        this.retentionDays = retentionDays;
        this.live = new Conflation(liveEmitMillis);
    }

    @Override
    public void open(OpenContext ctx) {
        bars = getRuntimeContext().getMapState(new MapStateDescriptor<>("bars", Types.LONG, Types.POJO(PriceBar.class)));
        actions = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("actions", Types.LONG, Types.POJO(PendingActions.class)));
        metrics = getRuntimeContext().getState(new ValueStateDescriptor<>("metrics", Types.POJO(SymbolMetrics.class)));
        intraday = getRuntimeContext().getState(new ValueStateDescriptor<>("intraday", Types.POJO(PriceBar.class)));
        lastClosed = getRuntimeContext().getState(new ValueStateDescriptor<>("last-closed", Types.LONG));
        metricsCopier = getRuntimeContext().createSerializer(Types.POJO(SymbolMetrics.class));
        live.open(getRuntimeContext());
    }

    @Override
    public void processElement(MarketEvent event, ReadOnlyContext ctx, Collector<SymbolDaily> out) throws Exception {
        if (event.getAction() != null) {
            CorporateAction action = event.getAction();
            long day = action.getExDate().toEpochDay();
            PendingActions pending = actions.get(day);
            if (pending == null) {
                pending = new PendingActions();
            }
            pending.add(action);
            actions.put(day, pending);
        } else if (event.getBar().isIntraday()) {
            provisional(event.getBar(), ctx, out);
        } else {
            PriceBar bar = event.getBar();
            bars.put(bar.getDate().toEpochDay(), bar);
            ctx.timerService().registerEventTimeTimer(bar.eventTime());
        }
    }

    @Override
    public void processBroadcastElement(MarketEvent event, Context ctx, Collector<SymbolDaily> out) throws Exception {
        ReferenceSeries series = ctx.getBroadcastState(REFERENCES).get(event.symbol());
        if (series == null) {
            series = new ReferenceSeries();
        }
        if (event.getBar() != null) {
            series.add(event.getBar());
        } else {
            series.add(event.getAction());
        }
        series.prune(ctx.currentWatermark());
        ctx.getBroadcastState(REFERENCES).put(event.symbol(), series);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SymbolDaily> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            live.fired();
            PriceBar today = intraday.value();
            if (today != null && open(today.getDate().toEpochDay(), lastClosedDay(ctx.getCurrentKey()))) {
                emitProvisional(today, ctx, out);
            }
            return;
        }
        SymbolMetrics state = currentState(ctx.getCurrentKey());
        if (isExpiry(timestamp)) {
            if (state != null && timestamp == expiry(state.getLastDay()) && bars.isEmpty()) {
                metrics.clear();
                lastClosed.clear();
                actions.clear();
                intraday.clear();
            }
            return;
        }
        long day = EventTimes.dateOf(timestamp).toEpochDay();
        PriceBar bar = bars.get(day);
        if (bar != null) {
            bars.remove(day);
            PendingActions applied = PendingActions.inOrder(removeActionsThrough(day));
            if (state == null) {
                state = new SymbolMetrics(spec);
            } else {
                ctx.timerService().deleteEventTimeTimer(expiry(state.getLastDay()));
            }
            SymbolMetrics.Day closed = state.addDay(spec, day, bar.getHigh(), bar.getLow(), bar.getClose(),
                    bar.getVolume(), applied.getSplitRatio(), applied.getDividend(),
                    series(ctx.getBroadcastState(REFERENCES), day, false));
            metrics.update(state);
            lastClosed.update(day);
            ctx.timerService().registerEventTimeTimer(expiry(day));
            PriceBar today = intraday.value();
            if (today != null && today.getDate().toEpochDay() <= day) {
                intraday.clear();
            }
            out.collect(row(bar, timestamp, false, closed, applied));
        }
    }

    private void provisional(PriceBar bar, ReadOnlyContext ctx, Collector<SymbolDaily> out) throws Exception {
        if (!open(bar.getDate().toEpochDay(), lastClosedDay(ctx.getCurrentKey()))) {
            return;
        }
        PriceBar today = accumulate(intraday.value(), bar);
        if (today == null) {
            return; // an intraday bar of an older day than the one in progress
        }
        intraday.update(today);
        if (live.emitNow(ctx.timerService())) {
            emitProvisional(today, ctx, out);
        }
    }

    /** The last closed day, or Long.MIN_VALUE before the first. */
    private long lastClosedDay(String symbol) throws Exception {
        Long last = lastClosed.value();
        if (last != null) {
            return last;
        }
        SymbolMetrics state = currentState(symbol); // state from before last-closed existed
        if (state == null) {
            return Long.MIN_VALUE;
        }
        lastClosed.update(state.getLastDay());
        return state.getLastDay();
    }

    /**
     * Whether {@code day} is still open: after the last closed day, and neither its daily bar nor
     * a later one is known.
     */
    private boolean open(long day, long lastClosedDay) throws Exception {
        if (lastClosedDay >= day) {
            return false;
        }
        for (Long d : bars.keys()) {
            if (d >= day) {
                return false;
            }
        }
        return true;
    }

    /** The provisional row of {@code today}, the running bar of a day still open. */
    private void emitProvisional(PriceBar today, ReadOnlyContext ctx, Collector<SymbolDaily> out) throws Exception {
        SymbolMetrics state = currentState(ctx.getCurrentKey());
        long day = today.getDate().toEpochDay();
        TreeMap<Long, PriceBar> pending = new TreeMap<>();
        for (Map.Entry<Long, PriceBar> e : bars.entries()) {
            pending.put(e.getKey(), e.getValue());
        }
        TreeMap<Long, PendingActions> due = new TreeMap<>();
        for (Map.Entry<Long, PendingActions> e : actions.entries()) {
            due.put(e.getKey(), e.getValue());
        }
        SymbolMetrics hypothetical = state == null ? new SymbolMetrics(spec) : metricsCopier.copy(state);
        ReadOnlyBroadcastState<String, ReferenceSeries> references = ctx.getBroadcastState(REFERENCES);
        long after = Long.MIN_VALUE;
        for (PriceBar p : pending.values()) {
            long d = p.getDate().toEpochDay();
            PendingActions applied = PendingActions.inOrder(due.subMap(after, false, d, true));
            hypothetical.addDay(spec, d, p.getHigh(), p.getLow(), p.getClose(), p.getVolume(),
                    applied.getSplitRatio(), applied.getDividend(), series(references, d, false));
            after = d;
        }
        PendingActions applied = PendingActions.inOrder(due.subMap(after, false, day, true));
        SymbolMetrics.Day row = hypothetical.addDay(spec, day, today.getHigh(), today.getLow(), today.getClose(),
                today.getVolume(), applied.getSplitRatio(), applied.getDividend(), series(references, day, true));
        out.collect(row(today, today.getTs().toEpochMilli(), true, row, applied));
    }

    /** The day's running bar with {@code bar} folded in, or null when {@code bar} is of an older day. */
    private static PriceBar accumulate(PriceBar today, PriceBar bar) {
        if (today == null || bar.getDate().isAfter(today.getDate())) {
            return new PriceBar(bar.getSymbol(), bar.getDate(), bar.getTs(), bar.getOpen(), bar.getHigh(), bar.getLow(),
                    bar.getClose(), bar.getVolume());
        }
        if (bar.getDate().isBefore(today.getDate())) {
            return null;
        }
        boolean later = bar.getTs().isAfter(today.getTs());
        boolean earlier = bar.getTs().isBefore(today.getTs());
        return new PriceBar(today.getSymbol(), today.getDate(), later ? bar.getTs() : today.getTs(),
                earlier ? bar.getOpen() : today.getOpen(), Math.max(today.getHigh(), bar.getHigh()),
                Math.min(today.getLow(), bar.getLow()), later ? bar.getClose() : today.getClose(),
                today.getVolume() + bar.getVolume());
    }

    /** The beta series' returns on {@code day} (NaN where unknown), in {@link MetricsSpec#betaSeries()} order. */
    private double[] series(ReadOnlyBroadcastState<String, ReferenceSeries> references, long day, boolean provisional)
            throws Exception {
        double[] values = new double[seriesSymbols.size()];
        for (int i = 0; i < values.length; i++) {
            String[] legs = seriesSymbols.get(i);
            Double value = referenceReturn(references, legs[0], day, provisional);
            if (value != null && legs.length == 2) {
                Double shortLeg = referenceReturn(references, legs[1], day, provisional);
                value = shortLeg == null ? null : value - shortLeg;
            }
            values[i] = value == null ? Double.NaN : value;
        }
        return values;
    }

    private static Double referenceReturn(ReadOnlyBroadcastState<String, ReferenceSeries> references, String symbol,
                                          long day, boolean provisional) throws Exception {
        ReferenceSeries series = references.get(symbol);
        if (series == null) {
            return null;
        }
        return provisional ? series.provisionalReturnOn(day) : series.returnOn(day);
    }

    /** The state, or null when there is none or it was built for other windows (then it is dropped). */
    private SymbolMetrics currentState(String symbol) throws Exception {
        SymbolMetrics state = metrics.value();
        if (state != null && !state.fits(spec)) {
            LOG.warn("Metrics state of {} was built for other windows or series; starting it afresh", symbol);
            metrics.clear();
            lastClosed.clear();
            return null;
        }
        return state;
    }

    private TreeMap<Long, PendingActions> removeActionsThrough(long day) throws Exception {
        TreeMap<Long, PendingActions> due = new TreeMap<>();
        for (Map.Entry<Long, PendingActions> e : actions.entries()) {
            if (e.getKey() <= day) {
                due.put(e.getKey(), e.getValue());
            }
        }
        for (Long d : due.keySet()) {
            actions.remove(d);
        }
        return due;
    }

    /**
     * When the state of a symbol last traded on {@code lastDay} expires: one millisecond before
     * the end of the day, so that the timer never coincides with (and its deletion never removes)
     * the timer of a daily bar, which fire at the end of their day.
     */
    private long expiry(long lastDay) {
        return EventTimes.DAY_MS * (lastDay + retentionDays + 1) - 2;
    }

    private static boolean isExpiry(long timestamp) {
        return Math.floorMod(timestamp, EventTimes.DAY_MS) == EventTimes.DAY_MS - 2;
    }

    private static SymbolDaily row(PriceBar bar, long eventTime, boolean provisional, SymbolMetrics.Day day,
                                   PendingActions applied) {
        SymbolDaily row = new SymbolDaily();
        row.setSymbol(bar.getSymbol());
        row.setDate(bar.getDate());
        row.setEventTime(eventTime);
        row.setProvisional(provisional);
        row.setClose(bar.getClose());
        row.setRet(day.ret());
        row.setMetrics(day.values());
        row.setSplitRatio(applied.getSplitRatio());
        row.setDividend(applied.getDividend());
        return row;
    }
}
