package org.finstream.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same options, same bytes; options that add files leave the other files alone. */
class GeneratorDeterminismTest {
    private static final List<String> CLEAN = List.of(MarketGenerator.REFERENCE, MarketGenerator.PRICES,
            MarketGenerator.CORPORATE_ACTIONS, MarketGenerator.FILINGS, MarketGenerator.TRADES);

    @TempDir
    Path dir;

    private GenerationSummary run(String sub, GeneratorOptions options) throws IOException {
        return new MarketGenerator().generate(options.withOutDir(dir.resolve(sub)));
    }

    private GeneratorOptions options() {
        return Sample.small(dir).withDays(150).withIntraday(3, 13).withDirty(25);
    }

    @Test
    void sameSeedGivesIdenticalBytes() throws IOException {
        GenerationSummary a = run("a", options());
        GenerationSummary b = run("b", options());
        assertEquals(a.rowsPerFile(), b.rowsPerFile());
        assertEquals(10, a.rowsPerFile().size());
        for (String file : a.rowsPerFile().keySet()) {
            assertEquals(-1, Files.mismatch(dir.resolve("a").resolve(file), dir.resolve("b").resolve(file)), file);
        }
    }

    @Test
    void differentSeedGivesDifferentData() throws IOException {
        run("a", options());
        run("b", options().withSeed(43));
        for (String file : CLEAN) {
            assertNotEquals(-1, Files.mismatch(dir.resolve("a").resolve(file), dir.resolve("b").resolve(file)), file);
        }
    }

    @Test
    void intradayAndDirtyRecordsLeaveTheCleanFilesUnchanged() throws IOException {
        run("plain", options().withIntraday(0, 13).withDirty(0));
        run("extra", options());
        for (String file : CLEAN) {
            assertEquals(-1, Files.mismatch(dir.resolve("plain").resolve(file), dir.resolve("extra").resolve(file)), file);
        }
    }

    @Test
    void aRerunRemovesOptionalFilesItDoesNotWrite() throws IOException {
        run("same", options());
        assertTrue(Files.exists(dir.resolve("same").resolve(MarketGenerator.PRICES_INTRADAY)));
        GenerationSummary summary = run("same", options().withIntraday(0, 13).withDirty(0));
        assertEquals(CLEAN, List.copyOf(summary.rowsPerFile().keySet()));
        try (var files = Files.list(dir.resolve("same"))) {
            assertEquals(CLEAN.size(), files.count());
        }
    }

    @Test
    void summaryCountsTheDataRowsOfEachFile() throws IOException {
        GenerationSummary summary = run("a", options());
        for (String file : summary.rowsPerFile().keySet()) {
            long lines = Files.readAllLines(dir.resolve("a").resolve(file)).size();
            assertEquals(file.endsWith(".csv") ? lines - 1 : lines, summary.rows(file), file);
        }
        assertEquals(summary.rowsPerFile().size(), summary.lines().size());
        assertTrue(summary.lines().get(1).matches("prices\\.csv +4,200 rows"), summary.lines().get(1));
        assertTrue(summary.toString().contains(dir.resolve("a").toString()));
        assertFalse(summary.toString().isBlank());
    }
}
