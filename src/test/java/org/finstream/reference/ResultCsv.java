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
 * Reads an exported result table keyed by an id column and a date column ({@code fundamentals.csv}:
 * {@code symbol,period_end}; {@code valuation_daily.csv}: {@code symbol,date};
 * {@code portfolio_daily.csv}: {@code portfolio_id,date}) and compares it
 * with expected rows of mixed types: {@link Double} cells within a relative tolerance,
 * {@link Integer}, {@link String} and {@link LocalDate} cells exactly as text
 * ({@link Integer#toString}, as is, {@link LocalDate#toString}); an empty cell is null.
 */
public final class ResultCsv {
    /** Mismatches (and missing/extra keys) listed in one failure message. */
    static final int MAX_REPORTED = 20;
    /** Absolute slack, only so that exact zeros compare equal. */
    static final double ABS_SLACK = 1e-300;

    private ResultCsv() {}

    /** Key of one row: {@code id + " " + date} (the id is a symbol or a portfolio id). */
    public static String key(String id, LocalDate date) {
        return id + " " + date;
    }

    /**
     * The rows of the file: {@code <key column 1> + " " + <key column 2>} -> column -> raw cell
     * (empty string = null), columns in header order. Fails on a missing key column, a line with
     * the wrong number of fields or a repeated key.
     */
    public static Map<String, Map<String, String>> read(Path csv, List<String> keyColumns) {
        if (keyColumns.size() != 2) {
            throw new IllegalArgumentException("expected two key columns (an id and a date): " + keyColumns);
        }
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        List<String> header = readHeader(csv);
        for (String k : keyColumns) {
            if (!header.contains(k)) {
                fail(csv + ": header has no key column " + k + ": " + header);
            }
        }
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            in.readLine();
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
                String key = row.get(keyColumns.get(0)) + " " + row.get(keyColumns.get(1));
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
     * Asserts that the file has exactly the expected rows (keyed by {@code keyColumns}: an id
     * such as the symbol or the portfolio id, and the date column), that every one of {@code columns} is in its header, and that every
     * listed cell agrees with the expected value: both null; a {@link Double} within
     * {@code |got - want| <= relTol * |want|} (plus {@value #ABS_SLACK} so exact zeros compare);
     * an {@link Integer}, {@link String} or {@link LocalDate} equal as text. Missing and extra
     * keys (the first {@value #MAX_REPORTED} of each) are reported in one failure, value
     * mismatches (the first {@value #MAX_REPORTED}) in another.
     *
     * @return the number of non-null values compared (expected and exported both non-null)
     */
    public static int assertMatches(Path csv, List<String> keyColumns,
                                    Map<String, SortedMap<LocalDate, Map<String, Object>>> expected,
                                    List<String> columns, double relTol) {
        Map<String, Map<String, String>> actual = read(csv, keyColumns);
        List<String> header = readHeader(csv);
        List<String> missingColumns = columns.stream().filter(c -> !header.contains(c)).toList();
        if (!missingColumns.isEmpty()) {
            fail(csv + ": missing columns " + missingColumns + " (header: " + header + ")");
        }

        Map<String, Map<String, Object>> want = new LinkedHashMap<>();
        expected.forEach((id, byDate) -> byDate.forEach((date, row) -> want.put(key(id, date), row)));
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
        for (Map.Entry<String, Map<String, Object>> e : want.entrySet()) {
            Map<String, String> gotRow = actual.get(e.getKey());
            for (String column : columns) {
                if (!e.getValue().containsKey(column)) {
                    throw new IllegalArgumentException("the expected rows have no column " + column);
                }
                Object w = e.getValue().get(column);
                String cell = gotRow.get(column);
                String problem;
                if (cell.isEmpty() && w == null) {
                    continue;
                } else if (cell.isEmpty()) {
                    problem = "null, expected a value";
                } else if (w == null) {
                    problem = "a value, expected null";
                } else {
                    compared++;
                    problem = compare(cell, w, relTol);
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
            fail(csv + ": " + mismatchCount + " values differ (relative tolerance " + relTol + "; first "
                    + mismatches.size() + "):\n  " + String.join("\n  ", mismatches));
        }
        return compared;
    }

    /** Null when the non-empty cell matches {@code want}, else what is wrong. */
    private static String compare(String cell, Object want, double relTol) {
        if (want instanceof Double w) {
            double g;
            try {
                g = Double.parseDouble(cell);
            } catch (NumberFormatException ex) {
                return "not a number";
            }
            return Math.abs(g - w) <= relTol * Math.abs(w) + ABS_SLACK ? null
                    : "rel error " + (Math.abs(g - w) / Math.abs(w));
        }
        String text;
        if (want instanceof Integer i) {
            text = Integer.toString(i);
        } else if (want instanceof String s) {
            text = s;
        } else if (want instanceof LocalDate d) {
            text = d.toString();
        } else {
            throw new IllegalArgumentException("unsupported expected value type " + want.getClass().getName());
        }
        return cell.equals(text) ? null : "differs";
    }

    private static List<String> readHeader(Path csv) {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null) {
                fail(csv + " is empty (expected a header row)");
            }
            List<String> header = CsvLine.split(line);
            if (header == null) {
                fail(csv + ": unterminated quote in the header: " + line);
            }
            return header;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstFew(TreeSet<String> keys) {
        return keys.stream().limit(MAX_REPORTED).toList().toString();
    }
}
