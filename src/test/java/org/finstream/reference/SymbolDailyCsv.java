package org.finstream.reference;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the exported {@code symbol_daily.csv} (header row, empty cell for null, doubles via
 * {@link Double#toString(double)}) and compares it with the rows of {@link SymbolMetricsReference}:
 * {@link ResultCsv} keyed by {@code symbol,date}, with every expected value a double.
 */
public final class SymbolDailyCsv {
    private static final List<String> KEY = List.of("symbol", "date");

    private SymbolDailyCsv() {}

    /**
     * The rows of the file: {@code symbol + " " + date} -> column -> raw cell (empty string = null),
     * columns in header order. Fails on a missing symbol/date column, a malformed line or a
     * repeated (symbol, date).
     */
    public static Map<String, Map<String, String>> read(Path csv) {
        return ResultCsv.read(csv, KEY);
    }

    /**
     * Asserts that the file has exactly the expected (symbol, date) rows, that every one of
     * {@code columns} is in its header, and that every cell agrees with the expected value: both
     * null, or {@code |got - want| <= relTol * |want|} (see {@link ResultCsv#assertMatches}).
     *
     * @return the number of non-null values compared
     */
    public static int assertMatches(Path csv, Map<String, SortedMap<LocalDate, Map<String, Double>>> expected,
                                    List<String> columns, double relTol) {
        Map<String, SortedMap<LocalDate, Map<String, Object>>> rows = new TreeMap<>();
        expected.forEach((symbol, byDate) -> {
            SortedMap<LocalDate, Map<String, Object>> dates = new TreeMap<>();
            byDate.forEach((date, row) -> dates.put(date, new HashMap<>(row))); // nulls kept
            rows.put(symbol, dates);
        });
        return ResultCsv.assertMatches(csv, KEY, rows, columns, relTol);
    }
}
