package org.finstream.ingest;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.finstream.records.InputEvent;

/**
 * Valid records go on; rejected ones to the dead-letter side output. Counts the records read
 * from the topic ({@code finstream_topic_records_in}) and those that failed validation
 * ({@code finstream_topic_records_invalid}), labelled {@code topic}.
 */
public class SplitParsed<T extends InputEvent> extends ProcessFunction<Parsed<T>, T> {
    private final String topic;
    private transient Counter recordsIn;
    private transient Counter invalid;

    public SplitParsed(String topic) {
        this.topic = topic;
    }

    @Override
    public void open(OpenContext ctx) {
        var group = IngestMetrics.topicGroup(getRuntimeContext().getMetricGroup(), topic);
        recordsIn = group.counter("records_in");
        invalid = group.counter("records_invalid");
    }

    @Override
    public void processElement(Parsed<T> parsed, Context ctx, Collector<T> out) {
        recordsIn.inc();
        if (parsed.getRecord() != null) {
            out.collect(parsed.getRecord());
        } else {
            invalid.inc();
            ctx.output(AcceptFunction.DEAD_LETTERS, parsed.getDeadLetter());
        }
    }
}
