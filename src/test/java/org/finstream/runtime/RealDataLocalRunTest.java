package org.finstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.finstream.cli.Main;
import org.finstream.ingest.CsvLine;
import org.finstream.reference.SymbolDailyCsv;
import org.finstream.reference.SymbolMetricsReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code finstream local --data DIR --export OUT} over slices of the real prices in
 * ../shared/data/normalized: every value of the exported {@code symbol_daily.csv} matches the
 * independent brute-force reference to a relative error of 1e-9, and the sources' known bad rows
 * (decimal-shifted prices outside [low, high], literal {@code null} rows) are dead-lettered.
 */
class RealDataLocalRunTest {
    private static final Path NORMALIZED = Path.of("..", "shared", "data", "normalized");
    /** Reference ETFs of the default configuration, plus stocks with gaps, late starts and bad rows. */
    private static final Set<String> HUGE = Set.of("SPY", "TLT", "IWM", "IWD", "IWF", "MTUM", "QUAL", "USMV",
            "AAPL", "AVB", "BEN", "CHTR", "TSLA", "ABBV", "XOM", "DHR", "JPM");
    /** No TLT in this source: AGG is the rates proxy. */
    private static final Set<String> YAHOO = Set.of("SPY", "AGG", "IWM", "IWD", "IWF", "MTUM", "QUAL", "USMV",
            "^VIX", "AAPL", "HPE", "SNA", "DHR");

    @Test
    void metricsOnTheHugeDatasetMatchTheReference(@TempDir Path tmp) throws Exception {
        Path input = slice(tmp, "huge", HUGE);
        SymbolMetricsReference reference = SymbolMetricsReference.fromFolder(input, SymbolMetricsReference.Params.defaults());
        Path out = tmp.resolve("out");
        assertEquals(0, Main.execute("local", "--data", input.toString(), "--export", out.toString()));

        int compared = SymbolDailyCsv.assertMatches(out.resolve("symbol_daily.csv"), reference.compute(),
                SymbolMetricsReference.Params.defaults().columns(), 1e-9);
        assertTrue(compared > 400_000, "compared " + compared + " values");
        assertTrue(reference.skippedRows() > 0, "the slice contains the source's known bad rows");
        assertEquals(reference.skippedRows(), deadLetters(out));
    }

    @Test
    void metricsOnTheYahooDatasetWithAnotherRatesProxyMatchTheReference(@TempDir Path tmp) throws Exception {
        Path input = slice(tmp, "yahoo", YAHOO);
        SymbolMetricsReference.Params params = SymbolMetricsReference.Params.defaults().withRatesProxy("AGG");
        SymbolMetricsReference reference = SymbolMetricsReference.fromFolder(input, params);
        Path out = tmp.resolve("out");
        assertEquals(0, Main.execute("local", "--data", input.toString(), "--export", out.toString(),
                "--set", "metrics.rates-proxy=AGG"));

        Map<String, SortedMap<LocalDate, Map<String, Double>>> expected = reference.compute();
        int compared = SymbolDailyCsv.assertMatches(out.resolve("symbol_daily.csv"), expected, params.columns(), 1e-9);
        assertTrue(compared > 150_000, "compared " + compared + " values");
        assertTrue(expected.get("AAPL").values().stream().anyMatch(r -> r.get("beta_rates_90") != null),
                "rates betas against AGG");
        assertTrue(reference.skippedRows() >= 66, "^VIX's literal null rows at least");
        assertEquals(reference.skippedRows(), deadLetters(out));
    }

    /** The given symbols' rows of every price file of a normalized folder, as one prices.csv. */
    private static Path slice(Path tmp, String source, Set<String> symbols) throws IOException {
        Path dir = NORMALIZED.resolve(source);
        assumeTrue(Files.isDirectory(dir), "skipped: " + dir.toAbsolutePath() + " is absent (the shared real-data"
                + " folder lives beside the repository; see ../shared/data/SOURCES.md)");
        Path input = Files.createDirectories(tmp.resolve("in"));
        List<String> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("prices")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                if (out.isEmpty()) {
                    out.add(lines.get(0));
                }
                for (String l : lines.subList(1, lines.size())) {
                    if (symbols.contains(CsvLine.split(l).get(0))) {
                        out.add(l);
                    }
                }
            }
        }
        Files.write(input.resolve("prices.csv"), out);
        return input;
    }

    private static long deadLetters(Path export) throws IOException {
        return Files.readAllLines(export.resolve("dead_letters.csv")).size() - 1L;
    }
}
