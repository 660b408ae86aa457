package org.finstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.Replay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayAndShutdownTest {
    @Test
    void replayMapsHeadersOrdersByEventTimeAndTheStackLeavesNothingBehind(@TempDir Path dir) throws Exception {
        // a Yahoo-style layout: capitalised names in another order, an extra column, symbol last
        Files.writeString(dir.resolve("prices_yahoo.csv"), String.join("\n",
                "Date,High,Low,Open,Close,Volume,Adj Close,Symbol",
                "2015-01-13,2,1,1.5,1.8,100.0,1.7,AAPL",
                "2015-01-12,2,1,1.5,1.6,100.0,1.5,AAPL",
                "2015-01-12,3,\"1,5\",2,2,100.0,2,\"MS,FT\"",
                "not,enough"));
        Files.writeString(dir.resolve("corporate_actions.csv"), "symbol,ex_date,type,value\nAAPL,2015-01-13,dividend,0.1\n");
        Files.writeString(dir.resolve("notes.txt"), "ignored");

        FinstreamConfig base = FinstreamConfig.defaults();
        base.kafka.partitions = 1;
        Path stateDir;
        FinstreamConfig.Postgres pg;
        try (EmbeddedStack stack = EmbeddedStack.start(base)) {
            FinstreamConfig c = stack.config();
            stateDir = stack.stateDir();
            pg = c.postgres;
            List<Long> progress = new ArrayList<>();
            long t0 = System.nanoTime();
            Replay.Summary s = Replay.run(dir, c.kafka, 20, (sent, total, ms) -> progress.add(sent));
            long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(4L, s.recordsPerTopic().get("prices"));
            assertEquals(1L, s.recordsPerTopic().get("corporate-actions"));
            assertEquals(2, s.files().size());
            assertEquals(5L, progress.get(progress.size() - 1), "final progress report counts everything");
            assertTrue(elapsedMillis >= 4 * 1000 / 20, "5 records at 20/s take at least 200 ms, took " + elapsedMillis);

            List<String> values = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : StoreReader.readAll(c.kafka, "prices")) {
                values.add(new String(r.value(), StandardCharsets.UTF_8));
            }
            assertEquals(List.of(
                    // invalid records have no event time: sent first, in file order, for the job to dead-letter
                    "\"MS,FT\",2015-01-12,2,3,\"1,5\",2,100.0",
                    "not,enough",
                    "AAPL,2015-01-12,1.5,2,1,1.6,100.0",
                    "AAPL,2015-01-13,1.5,2,1,1.8,100.0"), values);
            List<ConsumerRecord<byte[], byte[]>> actions = StoreReader.readAll(c.kafka, "corporate-actions");
            assertEquals("AAPL,2015-01-13,dividend,0.1", new String(actions.get(0).value(), StandardCharsets.UTF_8),
                    "a canonical header is sent byte for byte");
            assertEquals("AAPL", new String(actions.get(0).key(), StandardCharsets.UTF_8));
        }
        assertFalse(Files.exists(stateDir), "state directory removed");
        assertThrows(SQLException.class, () -> Schema.connect(pg).close(), "PostgreSQL stopped");
    }

    @Test
    void aMissingRequiredColumnIsReportedByName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("prices.csv"), "symbol,date,open,high,low,volume\nAAPL,2015-01-12,1,2,1,5\n");
        FinstreamConfig.Kafka kafka = FinstreamConfig.defaults().kafka;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Replay.run(dir, kafka, 0, null));
        assertTrue(e.getMessage().contains("no 'close' column"), e.getMessage());
    }
}
