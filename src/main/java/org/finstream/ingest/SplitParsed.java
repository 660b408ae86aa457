package org.finstream.ingest;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.finstream.records.InputEvent;

/** Valid records go on; rejected ones to the dead-letter side output. */
public class SplitParsed<T extends InputEvent> extends ProcessFunction<Parsed<T>, T> {
    @Override
    public void processElement(Parsed<T> parsed, Context ctx, Collector<T> out) {
        if (parsed.getRecord() != null) {
            out.collect(parsed.getRecord());
        } else {
            ctx.output(AcceptFunction.DEAD_LETTERS, parsed.getDeadLetter());
        }
    }
}
