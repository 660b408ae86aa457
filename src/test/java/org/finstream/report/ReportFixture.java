package org.finstream.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.finstream.config.FinstreamConfig;
import org.finstream.generator.GeneratorOptions;
import org.finstream.generator.MarketGenerator;
import org.finstream.runtime.EmbeddedStack;
import org.finstream.runtime.LocalRun;
import org.finstream.runtime.Schema;

/**
 * Test data: an embedded Kafka and PostgreSQL filled by the real pipeline over a small
 * generated market (5 stocks and the 8 ETFs, 300 days, 3 portfolios), and direct JDBC reads
 * of what it wrote, independent of the renderer's queries.
 */
final class ReportFixture {
    static final String PORTFOLIO = "P0001";

    private ReportFixture() {}

    static EmbeddedStack start(Path dir) throws Exception {
        Path input = dir.resolve("in");
        new MarketGenerator().generate(GeneratorOptions.defaults(input).withSymbols(5).withDays(300).withPortfolios(3)
                .withSeed(7));
        EmbeddedStack stack = EmbeddedStack.start(FinstreamConfig.defaults());
        try {
            LocalRun.replayAndProcess(stack, input, new PrintStream(OutputStream.nullOutputStream()));
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /**
     * Every series of every chart equals its column in PostgreSQL, drawn as one path per run of
     * values with one point per value; returns the number of values compared.
     */
    static int assertChartsMatch(FinstreamConfig.Postgres pg, String html, String table, String keyColumn, String key)
            throws Exception {
        List<String> dates = dates(pg, table, keyColumn, key);
        int compared = 0;
        for (Dom.Chart chart : Dom.charts(html)) {
            assertEquals(dates, chart.dates(), chart.title());
            for (Map.Entry<String, List<Double>> s : chart.series().entrySet()) {
                List<Double> expected = column(pg, table, keyColumn, key, s.getKey());
                assertEquals(expected, s.getValue(), chart.title() + " " + s.getKey());
                assertEquals(Dom.runs(expected), chart.paths().getOrDefault(s.getKey(), List.of()).size(),
                        "paths of " + s.getKey());
                assertEquals(expected.stream().filter(Objects::nonNull).count(), chart.points(s.getKey()),
                        "points of " + s.getKey());
                compared += expected.size();
            }
        }
        return compared;
    }

    /** A column of a symbol's or portfolio's rows, by date: {@code table} is keyed by {@code keyColumn} and date. */
    static List<Double> column(FinstreamConfig.Postgres pg, String table, String keyColumn, String key, String column)
            throws SQLException {
        List<Double> values = new ArrayList<>();
        for (Object v : select(pg, "SELECT \"" + column + "\" FROM " + table + " WHERE " + keyColumn
                + " = ? ORDER BY date", key)) {
            values.add(v == null ? null : ((Number) v).doubleValue());
        }
        return values;
    }

    static List<String> dates(FinstreamConfig.Postgres pg, String table, String keyColumn, String key)
            throws SQLException {
        return select(pg, "SELECT date FROM " + table + " WHERE " + keyColumn + " = ? ORDER BY date", key).stream()
                .map(d -> d.toString()).toList();
    }

    /** The first column of every row of a query with string parameters. */
    static List<Object> select(FinstreamConfig.Postgres pg, String sql, String... parameters) throws SQLException {
        try (Connection db = Schema.connect(pg); PreparedStatement st = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setString(i + 1, parameters[i]);
            }
            List<Object> values = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Object v = rs.getObject(1);
                    values.add(v instanceof java.sql.Date d ? d.toLocalDate() : v);
                }
            }
            return values;
        }
    }

    static void execute(FinstreamConfig.Postgres pg, String sql) throws SQLException {
        try (Connection db = Schema.connect(pg); var st = db.createStatement()) {
            st.execute(sql);
        }
    }

    static LocalDate lastDate(FinstreamConfig.Postgres pg, String table, String keyColumn, String key)
            throws SQLException {
        List<String> dates = dates(pg, table, keyColumn, key);
        return LocalDate.parse(dates.get(dates.size() - 1));
    }
}
