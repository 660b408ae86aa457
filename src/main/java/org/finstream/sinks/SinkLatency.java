package org.finstream.sinks;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes results on to their sink (chained to it, in the same thread) and records how far the
 * wall clock is past each result's event time: the histogram
 * {@code finstream_sink_event_time_to_sink_ms{sink="<name>"}} over the last 10,000 results.
 * A result's event time is that of the input that produced it (a day's rows: the watermark that
 * closed the day), so on live data this is the end-to-end latency from event to sink.
 */
public class SinkLatency<T> extends ProcessFunction<T, T> {
    static final int WINDOW = 10_000;
    private final String sink;
    private transient Histogram latency;

    public SinkLatency(String sink) {
        this.sink = sink;
    }

    @Override
    public void open(OpenContext ctx) {
        latency = getRuntimeContext().getMetricGroup().addGroup("finstream").addGroup("sink", sink)
                .histogram("event_time_to_sink_ms", new DescriptiveStatisticsHistogram(WINDOW));
    }

    @Override
    public void processElement(T value, Context ctx, Collector<T> out) {
        Long timestamp = ctx.timestamp();
        if (timestamp != null) {
            latency.update(System.currentTimeMillis() - timestamp);
        }
        out.collect(value);
    }
}
