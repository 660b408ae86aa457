package org.finstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code finstream fetch} refuses bad arguments with a message and a non-zero exit, before it fetches anything. */
class FetchCommandTest {
    private static String refused(int expectedExit, String... args) {
        StringWriter err = new StringWriter();
        assertEquals(expectedExit, Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args),
                String.join(" ", args) + ": " + err);
        return err.toString();
    }

    @Test
    void badArgumentsAreRefused(@TempDir Path dir) throws Exception {
        assertTrue(refused(2, "fetch").contains("data set"));
        assertTrue(refused(2, "fetch", "prices", "--symbols", "AAA").contains("--base-url"));
        String url = "http://127.0.0.1:1";
        assertTrue(refused(1, "fetch", "prices", "--base-url", url).contains("no symbols"));
        assertTrue(refused(1, "fetch", "prices", "--base-url", url, "--symbols", "AAA,not a symbol")
                .contains("not a symbol: 'not a symbol'"));
        assertTrue(refused(1, "fetch", "prices", "--base-url", url, "--symbols-file", dir.resolve("none.txt").toString())
                .contains("is not a readable file"));
        assertTrue(refused(1, "fetch", "prices", "--base-url", "ftp://example.com", "--symbols", "AAA")
                .contains("must be http(s)"));
        assertTrue(refused(1, "fetch", "prices", "--base-url", url, "--symbols", "AAA", "--from", "2024-03-02",
                "--to", "2024-03-01").contains("is after --to"));
        Path file = Files.writeString(dir.resolve("symbols.txt"), "AAA # a comment\n\nBBB\n");
        assertTrue(refused(1, "fetch", "prices", "--base-url", url, "--symbols-file", file.toString(),
                "--every", "PT0S").contains("--every must be > 0"));
        assertTrue(refused(1, "fetch", "prices", "--base-url", url, "--symbols", "AAA", "--requests-per-minute", "0")
                .contains("requestsPerMinute must be"));
    }

    @Test
    void badArgumentsOfActionsAndReferenceAreRefused() {
        String url = "http://127.0.0.1:1";
        assertTrue(refused(2, "fetch", "actions", "--symbols", "AAA").contains("--base-url"));
        assertTrue(refused(1, "fetch", "actions", "--base-url", url).contains("no symbols"));
        assertTrue(refused(1, "fetch", "actions", "--base-url", url, "--symbols", "AAA", "--from", "2024-03-02",
                "--to", "2024-03-01").contains("is after --to"));
        assertTrue(refused(2, "fetch", "actions", "--base-url", url, "--symbols", "AAA", "--from", "yesterday")
                .contains("--from"));
        assertTrue(refused(1, "fetch", "actions", "--base-url", url, "--symbols", "AAA", "--every", "-PT1H")
                .contains("--every must be > 0"));
        assertTrue(refused(2, "fetch", "reference", "--symbols", "AAA").contains("--base-url"));
        assertTrue(refused(1, "fetch", "reference", "--base-url", url, "--symbols", "not a symbol")
                .contains("not a symbol"));
        assertTrue(refused(1, "fetch", "reference", "--base-url", url, "--symbols", "AAA", "--max-age", "-P1D")
                .contains("--max-age must be >= 0"));
        assertTrue(refused(2, "fetch", "reference", "--base-url", url, "--symbols", "AAA", "--max-age", "weekly")
                .contains("--max-age"));
        assertTrue(refused(1, "fetch", "reference", "--base-url", "ftp://example.com", "--symbols", "AAA")
                .contains("must be http(s)"));
    }
}
