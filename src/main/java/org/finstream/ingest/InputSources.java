package org.finstream.ingest;

import org.apache.flink.api.connector.source.Source;
import org.finstream.records.InputEvent;

/** Provides the source of each input topic: Kafka in production, bounded sources in tests. */
public interface InputSources {
    <T extends InputEvent> Source<Parsed<T>, ?, ?> source(InputKind<T> kind);

    /**
     * Whether every source ends. Bounded input needs no idleness or idle flush (the end of input
     * closes every day), and without them which records are late never depends on timing.
     */
    boolean bounded();
}
