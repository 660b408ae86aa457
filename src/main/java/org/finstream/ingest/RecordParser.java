package org.finstream.ingest;

import java.io.Serializable;

/** Turns the raw bytes of one Kafka record (or file line) into a validated record. */
@FunctionalInterface
public interface RecordParser<T> extends Serializable {
    T parse(byte[] value) throws InvalidRecordException;
}
