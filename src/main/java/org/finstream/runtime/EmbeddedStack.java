package org.finstream.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.util.FileUtils;
import org.finstream.config.FinstreamConfig;

/**
 * The whole stack in this JVM: a real Kafka broker and a real PostgreSQL server, with the
 * topics created and the schema applied, plus a state directory for Flink's MiniCluster.
 * {@link #config()} points every finstream component at it. Closing stops both servers and
 * deletes every file they wrote.
 */
public final class EmbeddedStack implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final EmbeddedPostgresServer postgres;
    private final FinstreamConfig config;
    private final Path stateDir;

    private EmbeddedStack(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, FinstreamConfig config, Path stateDir) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.config = config;
        this.stateDir = stateDir;
    }

    /** Starts both servers in parallel; {@code base} supplies topics, partitions and job settings. */
    public static EmbeddedStack start(FinstreamConfig base) throws Exception {
        CompletableFuture<EmbeddedPostgresServer> pg = CompletableFuture.supplyAsync(() -> {
            try {
                return EmbeddedPostgresServer.start();
            } catch (IOException e) {
                throw new IllegalStateException("embedded PostgreSQL did not start: " + e.getMessage(), e);
            }
        });
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start();
        } catch (Exception e) {
            pg.thenAccept(EmbeddedStack::closeQuietly);
            throw e;
        }
        EmbeddedPostgresServer postgres;
        try {
            postgres = pg.join();
        } catch (RuntimeException e) {
            closeQuietly(kafka);
            throw e;
        }
        FinstreamConfig config = base;
        config.kafka.bootstrapServers = kafka.bootstrapServers();
        config.kafka.replicationFactor = 1;
        config.postgres.url = postgres.jdbcUrl();
        config.postgres.user = postgres.user();
        config.postgres.password = "";
        Path stateDir = Files.createTempDirectory("finstream-state-");
        config.flink.stateDir = stateDir.toString();
        EmbeddedStack stack = new EmbeddedStack(kafka, postgres, config, stateDir);
        try {
            Topics.ensure(config.kafka);
            Schema.apply(config);
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    public FinstreamConfig config() {
        return config;
    }

    public Path stateDir() {
        return stateDir;
    }

    @Override
    public void close() throws Exception {
        closeQuietly(postgres);
        closeQuietly(kafka);
        FileUtils.deleteDirectory(stateDir.toFile());
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // shutting down: nothing useful to do with a second failure
        }
    }
}
