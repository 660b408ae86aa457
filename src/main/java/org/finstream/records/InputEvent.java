package org.finstream.records;

/**
 * An accepted input record. {@link #entityKey()} is the Kafka key and the Flink key;
 * {@link #dedupKey()} identifies the record within its entity for duplicate detection
 * (null when the type has no natural key, e.g. trades); {@link #fingerprint()} is a hash of
 * its values so that exact and conflicting duplicates can be told apart.
 */
public interface InputEvent {
    /** Marks a record that has no event time (reference data). */
    long NO_EVENT_TIME = Long.MIN_VALUE;

    String entityKey();

    String dedupKey();

    /**
     * Whether the dedup key needs remembering only for {@code ingest.intraday-dedup-retention}
     * (intraday bars: once their day is closed a copy changes nothing, and there are many) rather
     * than {@code ingest.dedup-retention}.
     */
    default boolean shortLivedKey() {
        return false;
    }

    long fingerprint();

    long eventTime();

    SourceRef getOrigin();

    void setOrigin(SourceRef origin);
}
