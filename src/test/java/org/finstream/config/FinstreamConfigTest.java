package org.finstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinstreamConfigTest {
    @Test
    void defaults() {
        FinstreamConfig c = FinstreamConfig.load(null, List.of(), k -> null);
        assertEquals(Duration.ofDays(1), c.ingest.allowedLateness);
        assertEquals("prices", c.kafka.topic("prices"));
        assertEquals(2, c.kafka.partitions);
    }

    @Test
    void fileThenOverridesThenEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.yaml");
        Files.writeString(file, "kafka:\n  partitions: 6\n  topics:\n    prices: raw-prices\n"
                + "postgres:\n  url: jdbc:postgresql://db/x\n  properties:\n    sslmode: verify-full\n");
        FinstreamConfig c = FinstreamConfig.load(file,
                List.of("ingest.allowed-lateness=PT12H", "kafka.partitions=8", "kafka.properties.security.protocol=SSL"),
                Map.of("FINSTREAM_JDBC_URL", "jdbc:postgresql://env/y", "FINSTREAM_JDBC_PASSWORD", "s3cret")::get);
        assertEquals(8, c.kafka.partitions);
        assertEquals("raw-prices", c.kafka.topic("prices"));
        assertEquals("corporate-actions", c.kafka.topic("corporate-actions"));
        assertEquals(Duration.ofHours(12), c.ingest.allowedLateness);
        assertEquals("jdbc:postgresql://env/y", c.postgres.url);
        assertEquals("s3cret", c.postgres.password);
        assertEquals("verify-full", c.postgres.properties.get("sslmode"));
        assertEquals("SSL", c.kafka.properties.get("security.protocol"));
    }

    @Test
    void unknownKeysAndMissingFilesAreErrors(@TempDir Path dir) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FinstreamConfig.load(null, List.of("ingest.lateness=PT1H"), k -> null));
        assertTrue(e.getMessage().contains("ingest.lateness"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FinstreamConfig.load(dir.resolve("missing.yaml"), List.of(), k -> null));
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "kafka:\n  partition: 3\n");
        e = assertThrows(IllegalArgumentException.class, () -> FinstreamConfig.load(file, List.of(), k -> null));
        assertTrue(e.getMessage().contains("kafka.partition"), e.getMessage());
    }
}
