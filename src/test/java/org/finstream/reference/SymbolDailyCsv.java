package org.finstream.reference;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import org.finstream.ingest.CsvLine;

/**
 * Reads the exported {@code symbol_daily.csv} (header row, empty cell for null, doubles via
 * {@link Double#toString(double)}) and compares it with the rows of {@link SymbolMetricsReference}.
 */
public final class SymbolDailyCsv {
    /** Mismatches listed in one failure message. */
    static final int MAX_REPORTED = 20;
    /** Absolute slack, only so that exact zeros compare equal. */
    static final double ABS_SLACK = 1e-300;

    private SymbolDailyCsv() {}

    /** Key of one row in {@link #read}: {@code symbol + " " + date}. */
    public static String key(String symbol, LocalDate date) {
        return symbol + " " + date;
    }

    /**
     * The rows of the file: {@code symbol + " " + date} -> column -> raw cell (empty string = null),
     * columns in header order. Fails on a missing symbol/date column, a malformed line or a
     * repeated (symbol, date).
     */
    public static Map<String, Map<String, String>> read(Path csv) {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null) {
                fail(csv + " is empty (expected a header row)");
            }
            List<String> header = CsvLine.split(headerLine);
            if (header == null || !header.contains("symbol") || !header.contains("date")) {
                fail(csv + ": header has no symbol/date columns: " + headerLine);
            }
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) {
                    continue;
                }
                List<String> fields = CsvLine.split(line);
                if (fields == null || fields.size() != header.size()) {
                    fail(csv + " line " + lineNo + ": expected " + header.size() + " fields: " + line);
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), fields.get(i));
                }
                String key = row.get("symbol") + " " + row.get("date");
                if (rows.put(key, row) != null) {
                    fail(csv + " line " + lineNo + ": second row for " + key);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /**
     * Asserts that the file has exactly the expected (symbol, date) rows, that every one of
     * {@code columns} is in its header, and that every cell agrees with the expected value: both
     * null, or {@code |got - want| <= relTol * |want|} (plus {@value #ABS_SLACK} so exact zeros
     * compare). Value mismatches are collected (the first {@value #MAX_REPORTED} are listed) into
     * a single failure.
     *
     * @return the number of non-null values compared
     */
    public static int assertMatches(Path csv, Map<String, SortedMap<LocalDate, Map<String, Double>>> expected,
                                    List<String> columns, double relTol) {
        Map<String, Map<String, String>> actual = read(csv);
        List<String> header = actual.isEmpty() ? readHeader(csv)
                : new ArrayList<>(actual.values().iterator().next().keySet());
        List<String> missingColumns = columns.stream().filter(c -> !header.contains(c)).toList();
        if (!missingColumns.isEmpty()) {
            fail(csv + ": missing columns " + missingColumns + " (header: " + header + ")");
        }

        Map<String, Map<String, Double>> want = new LinkedHashMap<>();
        expected.forEach((symbol, byDate) -> byDate.forEach((date, row) -> want.put(key(symbol, date), row)));
        TreeSet<String> missingRows = new TreeSet<>(want.keySet());
        missingRows.removeAll(actual.keySet());
        TreeSet<String> extraRows = new TreeSet<>(actual.keySet());
        extraRows.removeAll(want.keySet());
        if (!missingRows.isEmpty() || !extraRows.isEmpty()) {
            fail(csv + ": " + missingRows.size() + " expected rows missing " + firstFew(missingRows) + ", "
                    + extraRows.size() + " unexpected rows " + firstFew(extraRows));
        }

        List<String> mismatches = new ArrayList<>();
        int mismatchCount = 0;
        int compared = 0;
        for (Map.Entry<String, Map<String, Double>> e : want.entrySet()) {
            Map<String, String> gotRow = actual.get(e.getKey());
            for (String column : columns) {
                if (!e.getValue().containsKey(column)) {
                    throw new IllegalArgumentException("the expected rows have no column " + column);
                }
                Double w = e.getValue().get(column);
                String cell = gotRow.get(column);
                String problem = null;
                Double g = null;
                if (!cell.isEmpty()) {
                    try {
                        g = Double.parseDouble(cell);
                    } catch (NumberFormatException ex) {
                        problem = "not a number";
                    }
                }
                if (problem == null) {
                    if (g == null && w == null) {
                        continue;
                    }
                    if (g == null || w == null) {
                        problem = g == null ? "null, expected a value" : "a value, expected null";
                    } else {
                        compared++;
                        if (!(Math.abs(g - w) <= relTol * Math.abs(w) + ABS_SLACK)) {
                            problem = "rel error " + (Math.abs(g - w) / Math.abs(w));
                        }
                    }
                }
                if (problem != null) {
                    mismatchCount++;
                    if (mismatches.size() < MAX_REPORTED) {
                        mismatches.add(e.getKey() + " " + column + ": got '" + cell + "', want " + w + " ("
                                + problem + ")");
                    }
                }
            }
        }
        if (mismatchCount > 0) {
            fail(csv + ": " + mismatchCount + " values differ beyond relative tolerance " + relTol
                    + " (first " + mismatches.size() + "):\n  " + String.join("\n  ", mismatches));
        }
        return compared;
    }

    private static List<String> readHeader(Path csv) {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            List<String> header = line == null ? null : CsvLine.split(line);
            return header == null ? List.of() : header;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstFew(TreeSet<String> keys) {
        return keys.stream().limit(MAX_REPORTED).toList().toString();
    }
}
