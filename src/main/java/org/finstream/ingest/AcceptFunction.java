package org.finstream.ingest;

import java.time.Duration;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.finstream.records.DeadLetter;
import org.finstream.records.ErrorCode;
import org.finstream.records.InputEvent;

/**
 * Keyed by {@link InputEvent#entityKey()}: drops exact duplicates silently, dead-letters
 * conflicting duplicates ({@code CONFLICTING_DUPLICATE}) and records behind the watermark
 * ({@code LATE}), and passes every other record on without its raw bytes. Records that may
 * correct closed results (trades) are accepted up to a correction window behind the watermark
 * and keep their origin: their raw bytes, so the stage that applies them can still dead-letter
 * them, and their offset, which orders them as they were published.
 *
 * <p>Metrics, labelled {@code topic}: {@code duplicates} (exact, dropped),
 * {@code conflicting_duplicates}, {@code late} (dead-lettered), {@code corrections} (accepted
 * behind the watermark within the correction window) and {@code event_time_lag_ms}: wall-clock
 * time minus the watermark at the last record (NaN before the first watermark).
 */
public class AcceptFunction<T extends InputEvent> extends KeyedProcessFunction<String, T, T> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", Types.POJO(DeadLetter.class));
    private final String topic;
    private final Duration dedupRetention;
    private final Duration shortDedupRetention;
    private final long correctionMillis;
    private final boolean keepOrigin;
    private transient MapState<String, Long> seen;
    /** The keys of records with {@link InputEvent#shortLivedKey()} (intraday bars). */
    private transient MapState<String, Long> seenShortLived;
    private transient Counter duplicates;
    private transient Counter conflicting;
    private transient Counter late;
    private transient Counter corrections;
    private transient volatile long lastWatermark;

    /**
     * @param correctionWindow for records that correct closed results, how much further behind the
     *                         watermark they are still accepted (they keep their origin); null for
     *                         the others
     */
    public AcceptFunction(String topic, Duration dedupRetention, Duration shortDedupRetention,
                          Duration correctionWindow) {
        this.topic = topic;
        this.dedupRetention = dedupRetention;
        this.shortDedupRetention = shortDedupRetention;
        this.correctionMillis = correctionWindow == null ? 0 : correctionWindow.toMillis();
        this.keepOrigin = correctionWindow != null;
    }

    @Override
    public void open(OpenContext ctx) {
        seen = getRuntimeContext().getMapState(keys("seen", dedupRetention));
        seenShortLived = getRuntimeContext().getMapState(keys("seen-short-lived", shortDedupRetention));
        MetricGroup metrics = IngestMetrics.topicGroup(getRuntimeContext().getMetricGroup(), topic);
        duplicates = metrics.counter("duplicates");
        conflicting = metrics.counter("conflicting_duplicates");
        late = metrics.counter("late");
        corrections = metrics.counter("corrections");
        lastWatermark = Long.MIN_VALUE;
        metrics.gauge("event_time_lag_ms", (Gauge<Double>) () -> {
            long watermark = lastWatermark;
            return watermark == Long.MIN_VALUE ? Double.NaN : (double) (System.currentTimeMillis() - watermark);
        });
    }

    @Override
    public void processElement(T event, Context ctx, Collector<T> out) throws Exception {
        String dedupKey = event.dedupKey();
        MapState<String, Long> seen = event.shortLivedKey() ? seenShortLived : this.seen;
        long fingerprint = 0;
        if (dedupKey != null) {
            fingerprint = event.fingerprint();
            Long previous = seen.get(dedupKey);
            if (previous != null) {
                if (previous != fingerprint) {
                    conflicting.inc();
                    reject(ctx, event, ErrorCode.CONFLICTING_DUPLICATE, "conflicts with the accepted record for "
                            + event.entityKey() + " " + dedupKey);
                } else {
                    duplicates.inc();
                }
                return;
            }
        }
        long ts = event.eventTime();
        long watermark = ctx.timerService().currentWatermark();
        lastWatermark = watermark;
        boolean behind = ts != InputEvent.NO_EVENT_TIME && watermark != Long.MIN_VALUE && ts <= watermark;
        if (behind && ts <= watermark - correctionMillis) {
            late.inc();
            reject(ctx, event, ErrorCode.LATE, "event time " + java.time.Instant.ofEpochMilli(ts)
                    + " is behind the watermark " + java.time.Instant.ofEpochMilli(watermark)
                    + " by more than the allowed lateness" + (correctionMillis > 0 ? " and correction window" : ""));
            return;
        }
        if (behind) {
            corrections.inc();
        }
        if (dedupKey != null) {
            seen.put(dedupKey, fingerprint);
        }
        if (!keepOrigin) {
            event.setOrigin(null);
        }
        out.collect(event);
    }

    private static MapStateDescriptor<String, Long> keys(String name, Duration retention) {
        MapStateDescriptor<String, Long> descriptor = new MapStateDescriptor<>(name, Types.STRING, Types.LONG);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(retention).build());
        return descriptor;
    }

    private void reject(Context ctx, T event, ErrorCode code, String message) {
        ctx.output(DEAD_LETTERS, new DeadLetter(event.getOrigin(), code, message, System.currentTimeMillis(),
                "accept-" + topic));
    }
}
