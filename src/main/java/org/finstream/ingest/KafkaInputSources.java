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
 * the job starts, so a run over replayed files ends once it has processed all of them.
 */
public final class KafkaInputSources implements InputSources {
    private final FinstreamConfig.Kafka kafka;
    private final boolean bounded;

    @Override
    public boolean bounded() {
        return bounded;
    }

    public KafkaInputSources(FinstreamConfig.Kafka kafka, boolean bounded) {
        this.kafka = kafka;
        this.bounded = bounded;
    }

    @Override
    public <T extends InputEvent> Source<Parsed<T>, ?, ?> source(InputKind<T> kind) {
        KafkaSourceBuilder<Parsed<T>> b = KafkaSource.<Parsed<T>>builder()
                .setProperties(Topics.clientProperties(kafka))
                .setTopics(kafka.topic(kind.defaultTopic()))
                .setGroupId(kafka.consumerGroup)
                .setClientIdPrefix(kafka.consumerGroup + "-" + kind.defaultTopic())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(new IngestDeserializer<>(kind));
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }
}
