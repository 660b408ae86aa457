package org.finstream.report;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Which columns a page charts and shows, found by name in the result set (they follow the configuration). */
final class Charts {
    /** Keys and bookkeeping, left out of the "latest" facts. */
    private static final Set<String> NOT_FACTS = Set.of("symbol", "portfolio_id", "updated_at", "sector_weights");

    private Charts() {}

    /** {@code vol_N} columns by N. */
    static List<String> volatility(Rows rows) {
        return rows.columns(c -> c.matches("vol_\\d+")).stream()
                .sorted(Comparator.comparingInt(c -> Integer.parseInt(c.substring(4)))).toList();
    }

    /** {@code beta_mkt_N} and {@code beta_rates_N}. */
    static List<String> marketBetas(Rows rows) {
        return rows.columns(c -> c.matches("beta_(mkt|rates)_\\d+"));
    }

    /** The ridge exposures {@code exp_<factor>}. */
    static List<String> exposures(Rows rows) {
        return rows.columns(c -> c.startsWith("exp_"));
    }

    static List<String> facts(Rows rows) {
        return rows.columns(c -> !NOT_FACTS.contains(c));
    }

    /** A chart of the columns over the rows' {@code date}. */
    static LineChart of(String title, ValueFormat format, Rows rows, List<String> columns) {
        LineChart chart = new LineChart(title, format, rows.dates("date"));
        columns.forEach(c -> chart.line(c, rows.doubles(c)));
        return chart;
    }

    /** "N days from FIRST to LAST" or "no rows for RANGE". */
    static String describe(Rows rows, DateRange range) {
        if (rows.isEmpty()) {
            return "no rows for " + range.describe();
        }
        return rows.size() + " days from " + rows.get(0, "date") + " to " + rows.get(rows.size() - 1, "date")
                + (range.equals(DateRange.ALL) ? "" : " (" + range.describe() + ")");
    }
}
