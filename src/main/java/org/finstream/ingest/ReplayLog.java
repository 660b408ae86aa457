package org.finstream.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.finstream.config.FinstreamConfig;

/**
 * The replay bookkeeping: the compacted topic {@code dead-letter-replays}, keyed by dead-letter id,
 * one JSON value per replay {@code {replayed_at, target_topic, target_partition, target_offset}}.
 */
public final class ReplayLog {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** One replay of a dead letter: where its raw record was published again, and when. */
    public record Replay(Instant replayedAt, String targetTopic, int targetPartition, long targetOffset) {
        /** {@code topic/partition@offset}. */
        public String target() {
            return targetTopic + "/" + targetPartition + "@" + targetOffset;
        }
    }

    private ReplayLog() {}

    /**
     * Every committed replay still in the topic, by dead-letter id, oldest first (compaction
     * eventually keeps only the latest replay of each dead letter; a tombstone forgets them). None
     * when the topic does not exist yet.
     */
    public static Map<String, List<Replay>> read(FinstreamConfig.Kafka kafka) {
        Map<String, List<Replay>> replays = new HashMap<>();
        TopicSnapshot.read(kafka, kafka.topic("dead-letter-replays"), r -> {
            String id = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                replays.remove(id);
            } else {
                replays.computeIfAbsent(id, k -> new ArrayList<>()).add(parse(r.value()));
            }
        });
        return replays;
    }

    /** The bookkeeping record of one replay. */
    static ProducerRecord<byte[], byte[]> record(FinstreamConfig.Kafka kafka, String id, Replay replay) {
        try {
            return new ProducerRecord<>(kafka.topic("dead-letter-replays"), id.getBytes(StandardCharsets.UTF_8),
                    JSON.writeValueAsBytes(replay));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Replay parse(byte[] value) {
        try {
            return JSON.readValue(value, Replay.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable replay record: " + new String(value, StandardCharsets.UTF_8), e);
        }
    }
}
