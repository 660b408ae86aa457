package org.finstream.sinks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.finstream.analytics.MetricsSpec;
import org.finstream.analytics.Valuation;
import org.finstream.ingest.CsvLine;

/**
 * Writes the result tables as CSV files (METRICS.md section 8): header row, one file per table,
 * empty cell for null, ISO dates, doubles via {@link Double#toString(double)}.
 */
public final class ResultExport {
    private ResultExport() {}

    /**
     * Exports every table; returns the number of rows written per file.
     *
     * @param spec the configured per-symbol metrics (their columns, in order)
     */
    public static Map<String, Long> export(Connection connection, Path dir, MetricsSpec spec)
            throws SQLException, IOException {
        Files.createDirectories(dir);
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("symbol_daily.csv", "SELECT symbol, date, close, \"return\", "
                + spec.columns().stream().map(c -> c + ", ").collect(Collectors.joining())
                + "provisional FROM symbol_daily ORDER BY symbol, date");
        tables.put("fundamentals.csv", "SELECT symbol, period_end, fiscal_year, fiscal_period, filed, revenue_ttm,"
                + " gross_profit_ttm, operating_income_ttm, net_income_ttm, eps_ttm, operating_cash_flow_ttm, capex_ttm,"
                + " fcf_ttm, ebitda_ttm, shares_outstanding, total_assets, total_liabilities, stockholders_equity, cash,"
                + " total_debt, revenue_growth_yoy, eps_growth_yoy, piotroski_f, altman_z, depreciation_amortization_ttm,"
                + " current_assets, current_liabilities, retained_earnings, form, accession"
                + " FROM fundamentals ORDER BY symbol, period_end");
        tables.put("valuation_daily.csv", "SELECT symbol, date, price, " + String.join(", ", Valuation.COLUMNS)
                + ", provisional FROM valuation_daily ORDER BY symbol, date");
        tables.put("portfolio_daily.csv", portfolioDailyQuery(connection, spec.portfolioColumns()));
        tables.put("portfolio_correlations.csv", "SELECT c.portfolio_id, c.date, c.symbol_a, c.symbol_b, c.correlation"
                + " FROM portfolio_correlations c JOIN (SELECT portfolio_id, max(date) AS date FROM portfolio_daily"
                + " GROUP BY portfolio_id) l ON l.portfolio_id = c.portfolio_id AND l.date = c.date"
                + " ORDER BY c.portfolio_id, c.symbol_a, c.symbol_b");
        tables.put("dead_letters.csv", "SELECT source_topic, source_partition AS \"partition\","
                + " source_offset AS \"offset\", error_code, message, convert_from(raw, 'UTF8') AS raw, record_key,"
                + " rejected_at, operator FROM dead_letters ORDER BY source_topic, source_partition, source_offset");
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : tables.entrySet()) {
            rows.put(t.getKey(), exportQuery(connection, t.getValue(), dir.resolve(t.getKey())));
        }
        return rows;
    }

    /**
     * portfolio_daily with the contract's columns first, then the spread betas, alpha and
     * exposures, then one {@code sector_<name>} column per sector present anywhere (0.0 where a
     * row has none of that sector, empty when its market value is 0).
     */
    private static String portfolioDailyQuery(Connection connection, List<String> metricColumns) throws SQLException {
        List<String> sectors = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT jsonb_object_keys(sector_weights) AS s FROM portfolio_daily"
                     + " ORDER BY s")) {
            while (rs.next()) {
                sectors.add(rs.getString(1));
            }
        }
        List<String> columns = new ArrayList<>(List.of("portfolio_id", "date", "market_value", "gross_exposure", "pnl",
                "equity", "\"return\""));
        columns.addAll(metricColumns.subList(0, 2));
        columns.addAll(List.of("vol_63", "top5_weight", "hhi"));
        columns.addAll(metricColumns.subList(2, metricColumns.size()));
        for (String s : sectors) {
            columns.add("CASE WHEN market_value = 0 THEN NULL ELSE coalesce((sector_weights ->> '" + s
                    + "')::double precision, 0.0) END AS sector_" + s);
        }
        return "SELECT " + String.join(", ", columns) + " FROM portfolio_daily ORDER BY portfolio_id, date";
    }

    static long exportQuery(Connection connection, String sql, Path file) throws SQLException, IOException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // lets the driver stream with a fetch size
        try (Statement st = connection.createStatement();
             BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            st.setFetchSize(10_000);
            try (ResultSet rs = st.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    line.append(i > 1 ? "," : "").append(md.getColumnLabel(i));
                }
                out.write(line.append('\n').toString());
                long count = 0;
                while (rs.next()) {
                    line.setLength(0);
                    for (int i = 1; i <= n; i++) {
                        if (i > 1) {
                            line.append(',');
                        }
                        line.append(CsvLine.quote(cell(rs, i, md.getColumnType(i))));
                    }
                    out.write(line.append('\n').toString());
                    count++;
                }
                return count;
            }
        } finally {
            connection.commit();
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String cell(ResultSet rs, int i, int sqlType) throws SQLException {
        switch (sqlType) {
            case Types.DOUBLE:
            case Types.FLOAT:
            case Types.REAL: {
                double d = rs.getDouble(i);
                return rs.wasNull() ? null : Double.toString(d);
            }
            case Types.DATE: {
                java.time.LocalDate d = rs.getObject(i, java.time.LocalDate.class);
                return d == null ? null : d.toString();
            }
            case Types.TIMESTAMP:
            case Types.TIMESTAMP_WITH_TIMEZONE: {
                java.time.OffsetDateTime t = rs.getObject(i, java.time.OffsetDateTime.class);
                return t == null ? null : t.toInstant().toString();
            }
            case Types.BOOLEAN:
            case Types.BIT: {
                boolean b = rs.getBoolean(i);
                return rs.wasNull() ? null : Boolean.toString(b);
            }
            default:
                return rs.getString(i);
        }
    }
}
