package org.finstream.sinks;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.finstream.records.DeadLetter;
import org.finstream.records.ErrorCode;

/**
 * Passes dead letters on to their sinks and counts them per error code:
 * {@code finstream_error_code_dead_letters{error_code="<CODE>"}}, every code registered from the
 * start (at 0) so a dashboard sees the whole list.
 */
public class DeadLetterCounter extends ProcessFunction<DeadLetter, DeadLetter> {
    private transient Map<ErrorCode, Counter> counters;

    @Override
    public void open(OpenContext ctx) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("finstream");
        counters = new EnumMap<>(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            counters.put(code, group.addGroup("error_code", code.name()).counter("dead_letters"));
        }
    }

    @Override
    public void processElement(DeadLetter deadLetter, Context ctx, Collector<DeadLetter> out) {
        counters.get(deadLetter.getErrorCode()).inc();
        out.collect(deadLetter);
    }
}
