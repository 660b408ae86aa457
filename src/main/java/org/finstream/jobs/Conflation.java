package org.finstream.jobs;

import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * Live (provisional) rows of one key at most once per interval ({@code live.emit-interval}, or
 * {@code live.portfolio-interval} for what the fan-out passes on to portfolios):
 * the first live update after an emission schedules a processing-time timer one interval later;
 * updates until then only change state, and the timer emits one row from the latest state, so
 * the row equals the one the last update would have emitted. Interval 0 emits on every update.
 */
final class Conflation implements Serializable {
    private final long intervalMillis;
    private transient ValueState<Long> scheduled;

    Conflation(long intervalMillis) {
        if (intervalMillis < 0) {
            throw new IllegalArgumentException("a live interval must not be negative: " + intervalMillis + " ms");
        }
        this.intervalMillis = intervalMillis;
    }

    void open(RuntimeContext runtime) {
        scheduled = runtime.getState(new ValueStateDescriptor<>("live-emission", Types.LONG));
    }

    /** Whether to emit the key's live row now; if not, its emission is scheduled (once per interval). */
    boolean emitNow(TimerService timers) throws IOException {
        if (intervalMillis == 0) {
            return true;
        }
        if (scheduled.value() == null) {
            long at = timers.currentProcessingTime() + intervalMillis;
            timers.registerProcessingTimeTimer(at);
            scheduled.update(at);
        }
        return false;
    }

    /** A processing-time timer fired: the scheduled emission is due now. */
    void fired() throws IOException {
        scheduled.clear();
    }
}
