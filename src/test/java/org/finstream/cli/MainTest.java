package org.finstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong flags and files get a clear message and a non-zero exit code. */
class MainTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream oldErr;
    private PrintStream oldOut;

    @BeforeEach
    void capture() {
        oldErr = System.err;
        oldOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(oldErr);
        System.setOut(oldOut);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpOnEveryVerb() {
        assertEquals(0, Main.execute("--help"));
        for (String verb : new String[] {"local", "replay", "run", "generate", "demo", "backfill", "savepoint", "stop",
            "status", "report", "serve", "dlq", "dlq list", "dlq stats", "dlq show", "dlq replay"}) {
            assertEquals(0, Main.execute((verb + " --help").split(" ")), verb);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--data"));
    }

    @Test
    void unknownFlagIsAUsageError() {
        assertEquals(2, Main.execute("local", "--data", ".", "--frobnicate"));
        assertTrue(errors().contains("--frobnicate"), errors());
    }

    @Test
    void missingCommandAndMissingRequiredOption() {
        assertEquals(2, Main.execute());
        assertTrue(errors().contains("missing command"), errors());
        assertEquals(2, Main.execute("local"));
        assertTrue(errors().contains("--data"), errors());
    }

    @Test
    void aFolderWithoutInputFilesIsReportedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        assertEquals(1, Main.execute("local", "--data", dir.toString()));
        assertTrue(errors().contains("no input files in"), errors());
        assertEquals(1, Main.execute("local", "--data", dir.resolve("nope").toString()));
        assertTrue(errors().contains("not a directory"), errors());
    }

    @Test
    void aBadConfigurationKeyIsReported() {
        assertEquals(1, Main.execute("replay", "--data", ".", "--set", "kafka.bootstrap=x"));
        assertTrue(errors().contains("unknown configuration key 'kafka.bootstrap'"), errors());
    }

    @Test
    void backfillSavepointAndStopCheckTheirFlags(@TempDir Path dir) {
        assertEquals(2, Main.execute("backfill", "--savepoint-dir", dir.toString()));
        assertTrue(errors().contains("--data") && errors().contains("--from-kafka"), errors());
        assertEquals(2, Main.execute("backfill", "--data", dir.toString(), "--from-kafka", "--savepoint-dir", "x"));
        assertTrue(errors().contains("mutually exclusive"), errors());
        assertEquals(2, Main.execute("backfill", "--from-kafka", "--until", "yesterday", "--savepoint-dir", "x"));
        assertTrue(errors().contains("--until"), errors());
        assertEquals(1, Main.execute("backfill", "--data", dir.toString(), "--savepoint-dir", "x"));
        assertTrue(errors().contains("no input files in"), errors());
        assertEquals(2, Main.execute("stop"));
        assertTrue(errors().contains("--savepoint"), errors());
        assertEquals(1, Main.execute("savepoint", "--job", "not-a-job"));
        assertTrue(errors().contains("is not a Flink job id"), errors());
    }

    @Test
    void reportAndServeCheckTheirFlags(@TempDir Path dir) {
        assertEquals(2, Main.execute("report"));
        assertTrue(errors().contains("--out"), errors());
        assertEquals(1, Main.execute("report", "--out", dir.toString(), "--from", "2024-02-01", "--to", "2024-01-01"));
        assertTrue(errors().contains("from 2024-02-01 is after to 2024-01-01"), errors());
        assertEquals(2, Main.execute("report", "--out", dir.toString(), "--from", "yesterday"));
        assertTrue(errors().contains("--from"), errors());
        assertEquals(1, Main.execute("report", "--out", dir.toString(), "--symbol", "<b>"));
        assertTrue(errors().contains("--symbol '<b>' is not a symbol"), errors());
        assertEquals(1, Main.execute("report", "--out", dir.toString(), "--limit", "0"));
        assertTrue(errors().contains("limit must be at least 1"), errors());
        assertEquals(1, Main.execute("serve", "--port", "70000"));
        assertTrue(errors().contains("--port must be in 0..65535"), errors());
        assertEquals(1, Main.execute("serve", "--refresh", "-1"));
        assertTrue(errors().contains("--refresh must be 0 or more"), errors());
        assertEquals(1, Main.execute("serve", "--bind", "[::1"));
        assertTrue(errors().contains("--bind: unknown address '[::1'"), errors());
    }

    @Test
    void dlqChecksItsArgumentsBeforeConnecting() {
        assertEquals(2, Main.execute("dlq"));
        assertTrue(errors().contains("missing subcommand: pick one of list, stats, show, replay"), errors());
        assertEquals(2, Main.execute("dlq", "list", "--from", "yesterday"));
        assertTrue(errors().contains("'yesterday' is neither an ISO instant (2024-03-04T14:30:00Z) nor an ISO date"), errors());
        assertEquals(2, Main.execute("dlq", "stats", "--code", "LATE", "--code", "TOO_LATE"));
        assertTrue(errors().contains("TOO_LATE") && errors().contains("UNPARSEABLE, MISSING_FIELD"), errors());
        assertEquals(2, Main.execute("dlq", "list", "--limit", "0"));
        assertTrue(errors().contains("--limit must be at least 1, got 0"), errors());
        assertEquals(1, Main.execute("dlq", "list", "--from", "2024-03-05", "--to", "2024-03-04T12:00:00Z"));
        assertTrue(errors().contains("finstream dlq list: --from 2024-03-05T00:00:00Z must be before --to"), errors());
        assertEquals(2, Main.execute("dlq", "show", "12"));
        assertTrue(errors().contains("'12' is not a dead-letter id <partition>:<offset>"), errors());
        assertEquals(2, Main.execute("dlq", "show"));
        assertTrue(errors().contains("Missing required parameter: 'ID'"), errors());
        assertEquals(2, Main.execute("dlq", "replay", "--dry-run"));
        assertTrue(errors().contains("say what to replay: IDs, a filter (--topic, --code, --from, --to, --key) or --all"),
                errors());
        assertEquals(2, Main.execute("dlq", "replay", "--all", "--code", "late"));
        assertTrue(errors().contains("--all replays every dead letter: give it without IDs or filters"), errors());
    }
}
