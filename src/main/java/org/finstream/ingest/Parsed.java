package org.finstream.ingest;

import org.finstream.records.DeadLetter;
import org.finstream.records.InputEvent;

/**
 * What the Kafka deserializer emits for one record: the validated record, or the dead letter
 * that explains why it was rejected. Parsing inside the deserializer keeps event-time
 * watermarks per Kafka partition.
 */
public class Parsed<T extends InputEvent> {
    private T record;
    private DeadLetter deadLetter;

    public Parsed() {}

    public static <T extends InputEvent> Parsed<T> ok(T record) {
        Parsed<T> p = new Parsed<>();
        p.record = record;
        return p;
    }

    public static <T extends InputEvent> Parsed<T> rejected(DeadLetter deadLetter) {
        Parsed<T> p = new Parsed<>();
        p.deadLetter = deadLetter;
        return p;
    }

    /** Event time of an accepted record; dead letters carry none and never move watermarks. */
    public long eventTime() {
        return record == null ? InputEvent.NO_EVENT_TIME : record.eventTime();
    }

    public T getRecord() { return record; }
    public void setRecord(T record) { this.record = record; }
    public DeadLetter getDeadLetter() { return deadLetter; }
    public void setDeadLetter(DeadLetter deadLetter) { this.deadLetter = deadLetter; }
}
