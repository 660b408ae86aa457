package org.finstream.ingest;

import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.finstream.config.FinstreamConfig;
import org.finstream.records.InputEvent;
import org.finstream.runtime.Topics;

/**
 * One Kafka source per input topic, starting from the consumer group's committed offsets (the
 * earliest when there are none). Bounded sources stop at the offsets that are the latest when
 * the job starts, so a run over replayed files ends once it has processed all of them. (A job
 * restored from a savepoint continues from the offsets in the savepoint instead.)
 */
public final class KafkaInputSources implements InputSources {
    private final FinstreamConfig.Kafka kafka;
    private final boolean bounded;
    private final String groupId;
    private final OffsetsInitializer start;

    @Override
    public boolean bounded() {
        return bounded;
    }

    public KafkaInputSources(FinstreamConfig.Kafka kafka, boolean bounded) {
        this(kafka, bounded, kafka.consumerGroup, OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST));
    }

    private KafkaInputSources(FinstreamConfig.Kafka kafka, boolean bounded, String groupId, OffsetsInitializer start) {
        this.kafka = kafka;
        this.bounded = bounded;
        this.groupId = groupId;
        this.start = start;
    }

    /**
     * Unbounded sources reading every input topic from its beginning, committing their progress
     * (on each checkpoint) as the consumer group {@link #backfillGroup}.
     */
    public static KafkaInputSources backfill(FinstreamConfig.Kafka kafka) {
        return new KafkaInputSources(kafka, false, backfillGroup(kafka), OffsetsInitializer.earliest());
    }

    /** The consumer group of a backfill's sources. */
    public static String backfillGroup(FinstreamConfig.Kafka kafka) {
        return kafka.consumerGroup + "-backfill";
    }

    @Override
    public <T extends InputEvent> Source<Parsed<T>, ?, ?> source(InputKind<T> kind) {
        KafkaSourceBuilder<Parsed<T>> b = KafkaSource.<Parsed<T>>builder()
                .setProperties(Topics.clientProperties(kafka))
                .setTopics(kafka.topic(kind.defaultTopic()))
                .setGroupId(groupId)
                .setClientIdPrefix(groupId + "-" + kind.defaultTopic())
                .setStartingOffsets(start)
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(new IngestDeserializer<>(kind));
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }
}
