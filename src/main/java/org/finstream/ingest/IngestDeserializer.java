package org.finstream.ingest;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.finstream.records.DeadLetter;
import org.finstream.records.InputEvent;
import org.finstream.records.SourceRef;

/**
 * Parses each Kafka record of one input topic, keeping its coordinates and raw bytes so that a
 * rejected record becomes a dead letter instead of failing the job.
 */
public class IngestDeserializer<T extends InputEvent> implements KafkaRecordDeserializationSchema<Parsed<T>> {
    public static final String OPERATOR = "ingest-parse";
    private final InputKind<T> kind;

    public IngestDeserializer(InputKind<T> kind) {
        this.kind = kind;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Parsed<T>> out) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        SourceRef origin = new SourceRef(record.topic(), record.partition(), record.offset(), key,
                record.value() == null ? new byte[0] : record.value());
        out.collect(parse(kind, origin));
    }

    /** Parses one raw record from its source coordinates and bytes. */
    public static <T extends InputEvent> Parsed<T> parse(InputKind<T> kind, SourceRef origin) {
        try {
            T parsed = kind.parser().parse(origin.getRaw());
            parsed.setOrigin(origin);
            return Parsed.ok(parsed);
        } catch (InvalidRecordException e) {
            return Parsed.rejected(new DeadLetter(origin, e.code(), e.getMessage(), System.currentTimeMillis(),
                    OPERATOR + ":" + kind.defaultTopic()));
        }
    }

    @Override
    public TypeInformation<Parsed<T>> getProducedType() {
        return kind.parsedType();
    }
}
