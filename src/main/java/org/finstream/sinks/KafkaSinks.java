package org.finstream.sinks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Function;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.finstream.config.FinstreamConfig;
import org.finstream.records.DeadLetter;
import org.finstream.records.DeadLetterHeaders;

/**
 * Exactly-once Kafka sinks: transactional producers committed on each checkpoint, so a
 * {@code read_committed} consumer sees every row once, one checkpoint after it is produced.
 */
public final class KafkaSinks {
    private KafkaSinks() {}

    /**
     * Result rows as JSON ({@code value}), keyed for per-key ordering. The record timestamp is
     * the time the row is written, not its event time (which is in the row): the broker deletes
     * a segment once its newest timestamp is older than the topic's retention, so rows of a
     * backfilled history stamped with their event time would vanish within minutes.
     */
    public static <T> KafkaSink<T> json(FinstreamConfig.Kafka kafka, String topic, String sinkName,
                                        SerializableFunction<T, String> key, SerializableFunction<T, byte[]> value) {
        KafkaRecordSerializationSchema<T> schema = (row, ctx, ts) -> new ProducerRecord<>(topic, null, null,
                key.apply(row).getBytes(StandardCharsets.UTF_8), value.apply(row));
        return build(kafka, sinkName, schema);
    }

    /** Dead letters: the raw record back as it came, with the reason in headers ({@link DeadLetterHeaders}). */
    public static KafkaSink<DeadLetter> deadLetters(FinstreamConfig.Kafka kafka, String topic, String sinkName) {
        KafkaRecordSerializationSchema<DeadLetter> schema = (d, ctx, ts) -> deadLetterRecord(topic, d);
        return build(kafka, sinkName, schema);
    }

    /** One dead letter as the dead-letter topic {@code topic} holds it: its key and raw record, the reason in headers. */
    public static ProducerRecord<byte[], byte[]> deadLetterRecord(String topic, DeadLetter d) {
        RecordHeaders headers = new RecordHeaders();
        Function<String, byte[]> b = s -> s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        headers.add(DeadLetterHeaders.ERROR_CODE, b.apply(d.getErrorCode().name()));
        headers.add(DeadLetterHeaders.MESSAGE, b.apply(d.getMessage()));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, b.apply(d.getSourceTopic()));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, b.apply(Integer.toString(d.getPartition())));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, b.apply(Long.toString(d.getOffset())));
        headers.add(DeadLetterHeaders.REJECTED_AT, b.apply(Instant.ofEpochMilli(d.getRejectedAt()).toString()));
        headers.add(DeadLetterHeaders.OPERATOR, b.apply(d.getOperator()));
        return new ProducerRecord<>(topic, null, null, b.apply(d.getKey()), d.getRaw(), headers);
    }

    private static <T> KafkaSink<T> build(FinstreamConfig.Kafka kafka, String sinkName,
                                          KafkaRecordSerializationSchema<T> schema) {
        Properties props = new Properties();
        props.putAll(kafka.properties);
        props.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(kafka.transactionTimeout.toMillis()));
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers)
                .setKafkaProducerConfig(props)
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(kafka.consumerGroup + "-" + sinkName)
                .build();
    }
}
