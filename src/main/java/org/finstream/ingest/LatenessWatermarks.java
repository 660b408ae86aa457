package org.finstream.ingest;

import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.finstream.records.EventTimes;
import org.finstream.records.InputEvent;

/**
 * Per-split watermarks: the largest event time seen minus the allowed lateness, so a record
 * is late exactly when it is more than the allowed lateness behind the newest record of its
 * split. When the split has been quiet for {@code flushAfterMillis} (market closed, end of a
 * replay burst) the watermark moves up to the newest event time, so the day's results are
 * finalized without waiting for the next day's data. Quiet is measured on the source's input
 * activity clock, which stands still while the source is backpressured or blocked: a busy
 * pipeline is not a quiet market, and records of the newest event time still to be read from
 * the split must not become late.
 *
 * <p>A dated input (corporate actions, filings: every event time is the start of its date) has
 * delivered its newest date whole once its split is quiet, so the flush moves the watermark to
 * the end of that date: the day's results need not wait until the split counts as idle. It
 * rejects no record the start of the date would not: every later record of that date is at
 * its start, already behind.
 *
 * <p>A split quiet for {@code idleTimeoutMillis} is marked idle, so it stops holding back the
 * watermark of the inputs that still move (Flink's {@code withIdleness}, which cannot be used
 * around this generator: once idle it no longer asks the generator, so a flush due after the
 * idle timeout never happened and a quiet market's last day stayed open). The flush comes first
 * whichever of the two is shorter; emitting it makes the split active, and it is marked idle
 * again at the next periodic emission.
 *
 * <p>Besides the periodic emission, an event that moves the watermark on by at least
 * {@link #EVENT_STEP_MILLIS} of event time emits it at once, so which records are late does
 * not depend on when the periodic timer happened to fire (daily data emits once per day).
 */
public class LatenessWatermarks<T> implements WatermarkGenerator<T> {
    static final long EVENT_STEP_MILLIS = 1_000;
    private final long allowedLatenessMillis;
    private final long flushAfterMillis;
    private final long idleTimeoutMillis;
    private final boolean dated;
    private final LongSupplier clock;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEventAt;
    private long emitted = Long.MIN_VALUE;
    private boolean idle;

    /**
     * @param flushAfterMillis  quiet after which the watermark moves up to the newest event (0: never)
     * @param idleTimeoutMillis quiet after which the split is marked idle (0: never)
     * @param dated             whether every event time is the start of a date (a quiet split flushes
     *                          to that date's end)
     */
    public LatenessWatermarks(long allowedLatenessMillis, long flushAfterMillis, long idleTimeoutMillis, boolean dated,
                              LongSupplier clock) {
        this.allowedLatenessMillis = allowedLatenessMillis;
        this.flushAfterMillis = flushAfterMillis;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.dated = dated;
        this.clock = clock;
        this.lastEventAt = clock.getAsLong();
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        lastEventAt = clock.getAsLong();
        idle = false;
        if (eventTimestamp == InputEvent.NO_EVENT_TIME) {
            return;
        }
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        long candidate = maxTimestamp - allowedLatenessMillis - 1;
        if (candidate >= emitted + EVENT_STEP_MILLIS || emitted == Long.MIN_VALUE) {
            emit(candidate, output);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long quietFor = clock.getAsLong() - lastEventAt;
        if (maxTimestamp != Long.MIN_VALUE) {
            boolean quiet = flushAfterMillis > 0 && quietFor >= flushAfterMillis;
            long flushed = dated ? EventTimes.endOfDay(EventTimes.dateOf(maxTimestamp)) : maxTimestamp;
            emit(quiet ? flushed : maxTimestamp - allowedLatenessMillis - 1, output);
        }
        if (idleTimeoutMillis > 0 && quietFor >= idleTimeoutMillis && !idle) {
            output.markIdle();
            idle = true;
        }
    }

    private void emit(long candidate, WatermarkOutput output) {
        if (candidate > emitted) {
            emitted = candidate;
            idle = false; // a watermark makes the split active
            output.emitWatermark(new Watermark(candidate));
        }
    }
}
