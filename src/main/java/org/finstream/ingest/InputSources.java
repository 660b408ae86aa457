package org.finstream.ingest;

import org.apache.flink.api.connector.source.Source;
import org.finstream.records.InputEvent;

/** Provides the source of each input topic: Kafka in production, bounded sources in tests. */
public interface InputSources {
    <T extends InputEvent> Source<Parsed<T>, ?, ?> source(InputKind<T> kind);
}
