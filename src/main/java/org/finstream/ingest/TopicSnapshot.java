package org.finstream.ingest;

import java.time.Duration;
import java.util.HashMap;
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
 * {@code read_committed}, from the beginning up to the end offsets taken at the start. A read
 * whose positions stop moving for {@link #STALL} fails with the positions and end offsets
 * rather than waiting for ever.
 */
public final class TopicSnapshot {
    static final Duration STALL = Duration.ofMinutes(2);

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
            Map<TopicPartition, Long> positions = positions(consumer, partitions);
            long movedAt = System.nanoTime();
            while (partitions.stream().anyMatch(tp -> positions.get(tp) < end.get(tp))) {
                if (System.nanoTime() - movedAt > STALL.toNanos()) {
                    throw new IllegalStateException("reading " + topic + " stalled for " + STALL.toSeconds()
                            + " s: positions " + positions + ", end offsets " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r);
                    }
                }
                Map<TopicPartition, Long> now = positions(consumer, partitions);
                if (!now.equals(positions)) {
                    positions.putAll(now);
                    movedAt = System.nanoTime();
                }
            }
            return true;
        }
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        partitions.forEach(tp -> positions.put(tp, consumer.position(tp)));
        return positions;
    }
}
