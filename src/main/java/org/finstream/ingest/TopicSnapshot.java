package org.finstream.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.finstream.config.FinstreamConfig;
import org.finstream.runtime.Topics;

/**
 * Reads a whole topic once: every partition assigned (no consumer group, nothing committed),
 * {@code read_committed}, from the beginning up to the end offsets taken at the start.
 */
public final class TopicSnapshot {
    private TopicSnapshot() {}

    /** Hands each record to {@code each}, in offset order within a partition; false when the topic does not exist. */
    public static boolean read(FinstreamConfig.Kafka kafka, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Topics.consumerProperties(kafka, null))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                return false;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r);
                    }
                }
            }
            return true;
        }
    }
}
