package org.finstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.CsvLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code finstream local} over a slice of the real prices in ../shared/data: every exported
 * return equals a brute-force recomputation from the file, and the source's known bad rows
 * (decimal-shifted AVB and BEN prices) are dead-lettered instead of crashing anything.
 */
class RealDataLocalRunTest {
    private static final Path DATA = Path.of("..", "shared", "data", "normalized", "huge");
    private static final Set<String> SYMBOLS = Set.of("AAPL", "AVB", "BEN", "CHTR", "SPY", "TLT");

    @Test
    void returnsOnRealPricesMatchBruteForce(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isDirectory(DATA), "skipped: " + DATA.toAbsolutePath() + " is absent (the shared real-data"
                + " folder lives beside the repository; see ../shared/data/SOURCES.md)");
        Path input = Files.createDirectories(tmp.resolve("in"));
        List<String> header = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (String file : List.of("prices_stocks.csv", "prices_etfs.csv")) {
            List<String> lines = Files.readAllLines(DATA.resolve(file));
            header.add(lines.get(0));
            for (String l : lines.subList(1, lines.size())) {
                List<String> f = CsvLine.split(l);
                if (SYMBOLS.contains(f.get(0))) {
                    rows.add(f);
                }
            }
        }
        List<String> out = new ArrayList<>();
        out.add(header.get(0));
        rows.forEach(f -> out.add(String.join(",", f)));
        Files.write(input.resolve("prices.csv"), out);

        Path export = tmp.resolve("out");
        LocalRun.Summary summary = LocalRun.run(FinstreamConfig.defaults(), input, export,
                new PrintStream(new ByteArrayOutputStream()));

        // brute force: validate as METRICS.md section 2 says, then r = c_d / c_{d-1} - 1 per symbol
        Map<String, TreeMap<String, Double>> closes = new HashMap<>();
        int invalid = 0;
        for (List<String> f : rows) {
            double high = Double.parseDouble(f.get(3));
            double low = Double.parseDouble(f.get(4));
            double close = Double.parseDouble(f.get(5));
            if (high < low || close < low || close > high) {
                invalid++;
                continue;
            }
            closes.computeIfAbsent(f.get(0), k -> new TreeMap<>()).put(f.get(1), close);
        }
        assertTrue(invalid > 0, "the slice contains the source's known bad rows");
        assertEquals(Long.valueOf(invalid), summary.deadLettersPerCode().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(Long.valueOf(rows.size()), summary.recordsPerTopic().get("prices"));

        Map<String, String> exported = readReturns(export.resolve("symbol_daily.csv"));
        int checked = 0;
        for (Map.Entry<String, TreeMap<String, Double>> s : closes.entrySet()) {
            Double previous = null;
            for (Map.Entry<String, Double> day : s.getValue().entrySet()) {
                String got = exported.get(s.getKey() + " " + day.getKey());
                if (previous == null) {
                    assertEquals("", got, "first day has no return");
                } else {
                    double expected = day.getValue() / previous - 1;
                    assertEquals(expected, Double.parseDouble(got), 1e-12 * Math.abs(expected) + 1e-300,
                            s.getKey() + " " + day.getKey());
                    checked++;
                }
                previous = day.getValue();
            }
        }
        assertEquals(exported.size(), closes.values().stream().mapToInt(Map::size).sum());
        assertTrue(checked > 10_000, "checked " + checked);
    }

    private static Map<String, String> readReturns(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> cols = CsvLine.split(lines.get(0));
        int sym = cols.indexOf("symbol");
        int date = cols.indexOf("date");
        int ret = cols.indexOf("return");
        Map<String, String> m = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            List<String> f = CsvLine.split(l);
            m.put(f.get(sym) + " " + f.get(date), f.get(ret));
        }
        return m;
    }
}
