package org.finstream.fetch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.finstream.config.FinstreamConfig;
import org.finstream.records.DeadLetter;
import org.finstream.records.ErrorCode;
import org.finstream.records.SourceRef;
import org.finstream.runtime.Topics;
import org.finstream.sinks.KafkaSinks;

/**
 * Publishes what one source fetched: input records, dead letters and the symbols' new
 * {@link FetchProgress.Mark}s, each {@link Batch} in one Kafka transaction. {@link #open} first
 * fences every earlier fetcher of the source (same transactional id
 * {@code <consumer-group>-fetch-<source>}), which aborts its open transaction, and only then reads
 * the progress: so the progress it reads is final, a record is never published without its mark
 * (nor the reverse), and a killed fetcher's successor neither skips nor repeats anything.
 */
public final class FetchPublisher implements AutoCloseable {
    private final FinstreamConfig.Kafka kafka;
    private final String source;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, FetchProgress.Mark> progress;
    private final FetchMetrics metrics;

    /** One input record: its topic key (e.g. {@code prices}), entity key and value as the input format has it. */
    public record Out(String topic, String key, byte[] value) {}

    /**
     * What cannot be published as input: a response that is not the provider's format, or a
     * record of it that fails validation.
     *
     * @param topic   the input topic key it was meant for
     * @param raw     the record as mapped, or the response body when it could not be mapped
     * @param message the request, the status and what is wrong
     */
    public record Rejected(String topic, String key, byte[] raw, ErrorCode code, String message) {
        /** A request that failed for good: {@code FETCH_FAILED}, its raw value the last body's excerpt. */
        static Rejected fetchFailed(String topic, String key, FetchException e) {
            return new Rejected(topic, key, e.bodyExcerpt() == null ? new byte[0]
                    : e.bodyExcerpt().getBytes(StandardCharsets.UTF_8), ErrorCode.FETCH_FAILED, e.getMessage());
        }
    }

    /** One transaction's content; {@code marks} by symbol. */
    public record Batch(List<Out> records, List<Rejected> rejected, Map<String, FetchProgress.Mark> marks) {
        /** An empty batch to fill. */
        public Batch() {
            this(new ArrayList<>(), new ArrayList<>(), new HashMap<>());
        }
    }

    private FetchPublisher(FinstreamConfig.Kafka kafka, String source, KafkaProducer<byte[], byte[]> producer,
                           Map<String, FetchProgress.Mark> progress, FetchMetrics metrics) {
        this.kafka = kafka;
        this.source = source;
        this.producer = producer;
        this.progress = progress;
        this.metrics = metrics;
    }

    /** Fences earlier fetchers of {@code source}, then reads its progress as they left it. */
    public static FetchPublisher open(FinstreamConfig.Kafka kafka, String source, FetchMetrics metrics) {
        KafkaProducer<byte[], byte[]> producer = Topics.transactionalProducer(kafka,
                kafka.consumerGroup + "-fetch-" + source.replace('/', '-'));
        try {
            return new FetchPublisher(kafka, source, producer, new HashMap<>(FetchProgress.read(kafka, source)), metrics);
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
    }

    /** A symbol's mark as of the last committed batch ({@link FetchProgress.Mark#NONE} when never fetched). */
    public synchronized FetchProgress.Mark mark(String symbol) {
        return progress.getOrDefault(symbol, FetchProgress.Mark.NONE);
    }

    /** Publishes the batch in one transaction; its marks count from then on. */
    public synchronized void publish(Batch batch) {
        if (batch.records().isEmpty() && batch.rejected().isEmpty() && batch.marks().isEmpty()) {
            return;
        }
        producer.beginTransaction();
        try {
            for (Out r : batch.records()) {
                producer.send(new ProducerRecord<>(kafka.topic(r.topic()), bytes(r.key()), r.value()));
            }
            for (Rejected r : batch.rejected()) {
                producer.send(deadLetter(r));
            }
            batch.marks().forEach((symbol, mark) -> producer.send(FetchProgress.record(kafka, source, symbol, mark)));
            producer.commitTransaction();
        } catch (KafkaException e) {
            Topics.abortQuietly(producer);
            throw e;
        }
        progress.putAll(batch.marks());
        batch.records().forEach(r -> metrics.recordPublished(r.topic()));
        batch.rejected().forEach(r -> metrics.deadLettered(r.code().name()));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(Rejected r) {
        DeadLetter d = new DeadLetter(new SourceRef(kafka.topic(r.topic()), -1, -1, r.key(), r.raw()), r.code(),
                r.message(), System.currentTimeMillis(), "fetch-" + source);
        return KafkaSinks.deadLetterRecord(kafka.topic("dead-letters"), d);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
