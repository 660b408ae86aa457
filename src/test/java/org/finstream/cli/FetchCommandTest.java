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
        assertTrue(refused(1, "fetch", "prices", "--base-url", url, "--symbols", "AAA", "--every", "PT1H",
                "--daily-at", "17:30").contains("--every and --daily-at exclude each other"));
        assertTrue(refused(1, "fetch", "prices", "--base-url", url, "--symbols", "AAA", "--market-hours")
                .contains("--market-hours needs --every"));
        assertTrue(refused(2, "fetch", "prices", "--base-url", url, "--symbols", "AAA", "--zone", "Mars/Olympus")
                .contains("--zone"));
        assertTrue(refused(1, "fetch", "prices", "--base-url", url, "--symbols", "AAA", "--bulk", "-1")
                .contains("--bulk must be >= 0"));
        assertTrue(refused(1, "fetch", "quotes", "--base-url", url, "--symbols", "AAA", "--per-request", "0")
                .contains("--per-request must be >= 1"));
        assertTrue(refused(1, "fetch", "quotes", "--base-url", url).contains("no symbols"));
    }

    @Test
    void badEdgarArgumentsAreRefused(@TempDir Path dir) throws Exception {
        String url = "http://127.0.0.1:1";
        String ua = "Jane Doe jane@example.com";
        assertTrue(refused(2, "fetch", "edgar", "--base-url", url, "--company", "AAPL=320193")
                .contains("Missing required option: '--user-agent"));
        assertTrue(refused(1, "fetch", "edgar", "--base-url", url, "--company", "AAPL=320193", "--user-agent", "Jane Doe")
                .contains("--user-agent must name you and give a contact e-mail"));
        assertTrue(refused(1, "fetch", "edgar", "--base-url", url, "--company", "AAPL=320193", "--user-agent", ua,
                "--requests-per-minute", "601").contains("above SEC EDGAR's limit of 10 requests per second"));
        assertTrue(refused(1, "fetch", "edgar", "--base-url", url, "--user-agent", ua).contains("no companies"));
        assertTrue(refused(1, "fetch", "edgar", "--base-url", url, "--company", "AAPL=320193", "--user-agent", ua,
                "--burst", "5").contains("it is at most 1"));
        assertTrue(refused(1, "fetch", "edgar", "--base-url", url, "--user-agent", ua, "--company", "AAPL")
                .contains("--company: 'AAPL' is not SYMBOL=CIK"));
        assertTrue(refused(1, "fetch", "edgar", "--base-url", url, "--user-agent", ua, "--company", "aapl=320193")
                .contains("--company: not a symbol: 'aapl'"));
        assertTrue(refused(1, "fetch", "edgar", "--base-url", url, "--user-agent", ua, "--company", "AAPL=CIK320193")
                .contains("--company: not a CIK for AAPL: 'CIK320193' (1 to 10 digits)"));
        assertTrue(refused(1, "fetch", "edgar", "--base-url", url, "--user-agent", ua, "--company", "AAPL=12345678901")
                .contains("not a CIK for AAPL: '12345678901'"));
        Path file = Files.writeString(dir.resolve("companies.csv"), "# symbol,cik\nAAPL,320193\nTSLA;1318605\n");
        assertTrue(refused(1, "fetch", "edgar", "--base-url", url, "--user-agent", ua, "--companies", file.toString())
                .contains(file + " line 3: 'TSLA;1318605' is not SYMBOL,CIK"));
        Files.writeString(file, "AAPL,320193\n");
        assertTrue(refused(1, "fetch", "edgar", "--base-url", url, "--user-agent", ua, "--companies", file.toString(),
                "--company", "AAPL=1318605").contains("--company: AAPL has CIK 0000320193 already, not 0001318605"));
        assertTrue(refused(1, "fetch", "edgar", "--user-agent", ua, "--companies", dir.resolve("none.csv").toString())
                .contains("is not a readable file"));
        assertTrue(refused(1, "fetch", "edgar", "--base-url", "ftp://example.com", "--user-agent", ua, "--company",
                "AAPL=320193").contains("must be http(s)"));
    }

    @Test
    void edgarHasSecsPolitenessDefaults() {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "fetch", "edgar",
                "--help"));
        assertTrue(out.toString().replaceAll("\\s+", " ").contains("shared by all threads (default: 600)"), out.toString());
        assertTrue(out.toString().replaceAll("\\s+", " ").contains("after a pause (default: 1)"), out.toString());
        assertTrue(out.toString().contains("https://data.sec.gov"), out.toString());
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
