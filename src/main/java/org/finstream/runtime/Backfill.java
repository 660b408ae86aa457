package org.finstream.runtime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.InputKind;
import org.finstream.ingest.KafkaInputSources;
import org.finstream.ingest.Replay;
import org.finstream.sinks.ResultSinks;

/**
 * {@code finstream backfill}: runs the pipeline over the input topics from their beginning up
 * to a target (their end when it starts, or the first record published at or after a time),
 * then stops it with a savepoint in canonical format, without draining, and returns its path.
 * A live job started from that savepoint ({@code run --from-savepoint}) continues at the offsets
 * it holds: nothing is skipped and nothing is read twice. The results of the backfilled period
 * are upserted over whatever the tables held, so re-running a period needs no clean-up.
 */
public final class Backfill {
    private Backfill() {}

    /**
     * @param dataDir      input files to publish to the input topics first, or null
     * @param until        read the records published before this time (Kafka timestamps), or null
     *                     for everything in the topics when the backfill starts
     * @param savepointDir where the savepoint goes
     * @param sinks        the result sinks ({@code StoreSinks} in production)
     */
    public static String run(FinstreamConfig config, Path dataDir, Instant until, Path savepointDir, ResultSinks sinks,
                             PrintStream log) throws Exception {
        if (dataDir != null) {
            Replay.inputFiles(dataDir); // fail on a bad folder before starting anything
            log.println("publishing " + dataDir + " to the input topics ...");
            Replay.run(dataDir, config.kafka, 0, null);
        }
        try (Admin admin = Admin.create(Topics.clientProperties(config.kafka))) {
            Map<TopicPartition, Long> start = offsets(admin, config.kafka, OffsetSpec.earliest());
            Map<TopicPartition, Long> target = offsets(admin, config.kafka, OffsetSpec.latest());
            if (until != null) {
                Map<TopicPartition, Long> at = offsets(admin, config.kafka, OffsetSpec.forTimestamp(until.toEpochMilli()));
                at.forEach((tp, offset) -> {
                    if (offset >= 0) { // -1: nothing published at or after the time, read to the end
                        target.put(tp, offset);
                    }
                });
            }
            long total = 0;
            for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
                total += Math.max(0, e.getValue() - start.get(e.getKey()));
            }
            log.printf("backfill: %,d records in %d partitions%n", total, target.size());
            long began = System.currentTimeMillis();
            try (LiveJob job = LiveJob.start(config, KafkaInputSources.backfill(config.kafka), sinks, null,
                    "finstream-backfill")) {
                while (true) {
                    Map<TopicPartition, Long> done = committed(admin, KafkaInputSources.backfillGroup(config.kafka));
                    long read = 0;
                    boolean caughtUp = true;
                    for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
                        long position = Math.max(done.getOrDefault(e.getKey(), 0L), start.get(e.getKey()));
                        read += Math.min(position, e.getValue()) - start.get(e.getKey());
                        caughtUp &= position >= e.getValue();
                    }
                    long elapsed = System.currentTimeMillis() - began;
                    double rate = read / Math.max(0.001, elapsed / 1000.0);
                    log.printf("  backfill: %,d / %,d records (%.0f%%), %.0f records/s, ETA %s%n", read, total,
                            100.0 * read / Math.max(1, total), rate,
                            read == 0 ? "unknown" : String.format("%.0f s", (total - read) / Math.max(rate, 1e-9)));
                    if (caughtUp) {
                        break;
                    }
                    if (job.ended()) {
                        throw new IllegalStateException("the backfill job ended before catching up");
                    }
                    TimeUnit.SECONDS.sleep(2);
                }
                log.println("caught up; stopping with a savepoint ...");
                return job.stopWithSavepoint(savepointDir);
            }
        }
    }

    /** The offsets of every partition of the input topics. */
    private static Map<TopicPartition, Long> offsets(Admin admin, FinstreamConfig.Kafka kafka, OffsetSpec spec)
            throws Exception {
        List<String> topics = InputKind.ALL.stream().map(k -> kafka.topic(k.defaultTopic())).toList();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), spec)));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                : admin.listOffsets(request).all().get().entrySet()) {
            offsets.put(e.getKey(), e.getValue().offset());
        }
        return offsets;
    }

    /** The offsets a consumer group has committed (the job commits them on each checkpoint). */
    private static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e
                : admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()) {
            if (e.getValue() != null) {
                offsets.put(e.getKey(), e.getValue().offset());
            }
        }
        return offsets;
    }
}
