package org.finstream.sinks;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.finstream.records.DeadLetter;
import org.finstream.records.SymbolDaily;

/** Attaches the sinks of each result stream, each with its own stable uid. */
public interface ResultSinks {
    void symbolDaily(DataStream<SymbolDaily> rows);

    void deadLetters(DataStream<DeadLetter> deadLetters);
}
