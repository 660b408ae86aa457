package org.finstream.records;

/**
 * Kafka headers of a dead-letter record, whose key and value are the rejected record's, byte for
 * byte; written by the job's dead-letter sink and read back by {@code finstream dlq}.
 */
public final class DeadLetterHeaders {
    public static final String ERROR_CODE = "finstream.error.code";
    public static final String MESSAGE = "finstream.error.message";
    public static final String SOURCE_TOPIC = "finstream.source.topic";
    public static final String SOURCE_PARTITION = "finstream.source.partition";
    public static final String SOURCE_OFFSET = "finstream.source.offset";
    public static final String REJECTED_AT = "finstream.rejected.at";
    public static final String OPERATOR = "finstream.operator";
    /** On a record that {@code dlq replay} published: the dead letter it replays, {@code <dead-letter topic>/<partition>:<offset>}. */
    public static final String REPLAY_OF = "finstream.replay.of";

    private DeadLetterHeaders() {}
}
