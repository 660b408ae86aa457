package org.finstream.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.finstream.config.FinstreamConfig;
import org.finstream.records.DeadLetterHeaders;
import org.finstream.runtime.Topics;

/**
 * Publishes dead letters' raw records again, with their original key, and records each replay in
 * the {@link ReplayLog}, all in one Kafka transaction. {@link #open} first fences every earlier
 * replay with the same transactional id ({@code <consumer-group>-dlq-replay}), which aborts or
 * completes its transaction, and only then reads the replay log: so the log it reads is final,
 * a replay is never published without its record (nor the reverse), and of two concurrent
 * replays only the one that opened last can commit.
 */
public final class DeadLetterReplay implements AutoCloseable {
    private final FinstreamConfig.Kafka kafka;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, List<ReplayLog.Replay>> log;

    /** What a replay will do: the dead letters to publish, where, and those skipped as already replayed. */
    public record Plan(List<DeadLetterLog.Entry> replay, List<DeadLetterLog.Entry> skipped, String toTopic) {
        /** Where a dead letter goes: {@code toTopic}, or the topic it came from. */
        public String target(DeadLetterLog.Entry e) {
            return toTopic == null ? e.sourceTopic() : toTopic;
        }
    }

    private DeadLetterReplay(FinstreamConfig.Kafka kafka, KafkaProducer<byte[], byte[]> producer,
                             Map<String, List<ReplayLog.Replay>> log) {
        this.kafka = kafka;
        this.producer = producer;
        this.log = log;
    }

    /** Fences earlier replays, then reads the replay log as they left it. */
    public static DeadLetterReplay open(FinstreamConfig.Kafka kafka) {
        KafkaProducer<byte[], byte[]> producer = Topics.transactionalProducer(kafka, kafka.consumerGroup + "-dlq-replay");
        try {
            return new DeadLetterReplay(kafka, producer, ReplayLog.read(kafka));
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
    }

    /** The replay log as it was when this replay opened. */
    public Map<String, List<ReplayLog.Replay>> log() {
        return log;
    }

    /** The dead letters of {@code selected} to replay: all with {@code force}, else those {@code log} has no replay of. */
    public static Plan plan(List<DeadLetterLog.Entry> selected, Map<String, List<ReplayLog.Replay>> log,
                            boolean force, String toTopic) {
        List<DeadLetterLog.Entry> replay = new ArrayList<>();
        List<DeadLetterLog.Entry> skipped = new ArrayList<>();
        for (DeadLetterLog.Entry e : selected) {
            (force || !log.containsKey(e.id()) ? replay : skipped).add(e);
        }
        return new Plan(replay, skipped, toTopic);
    }

    /**
     * Publishes the plan's dead letters, each with the header {@link DeadLetterHeaders#REPLAY_OF},
     * and their bookkeeping records in one transaction; returns the replays in plan order.
     */
    public List<ReplayLog.Replay> execute(Plan plan) throws ExecutionException, InterruptedException {
        requireTopics(plan.replay().stream().map(plan::target).distinct().toList());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String deadLetterTopic = kafka.topic("dead-letters");
        producer.beginTransaction();
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (DeadLetterLog.Entry e : plan.replay()) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(DeadLetterHeaders.REPLAY_OF, (deadLetterTopic + "/" + e.id()).getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(new ProducerRecord<>(plan.target(e), null, null,
                        e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8), e.raw(), headers)));
            }
            List<ReplayLog.Replay> replays = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata m = sent.get(i).get();
                ReplayLog.Replay replay = new ReplayLog.Replay(now, m.topic(), m.partition(), m.offset());
                producer.send(ReplayLog.record(kafka, plan.replay().get(i).id(), replay));
                replays.add(replay);
            }
            producer.commitTransaction();
            return replays;
        } catch (ExecutionException | KafkaException e) {
            Topics.abortQuietly(producer);
            throw e;
        }
    }

    private void requireTopics(List<String> topics) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Topics.clientProperties(kafka))) {
            admin.describeTopics(topics).allTopicNames().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalArgumentException("cannot replay to " + topics + ": " + e.getCause().getMessage());
            }
            throw e;
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
