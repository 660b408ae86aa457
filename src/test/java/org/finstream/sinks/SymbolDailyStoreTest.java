package org.finstream.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;
import org.finstream.config.FinstreamConfig;
import org.finstream.runtime.EmbeddedPostgresServer;
import org.finstream.runtime.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The symbol_daily table on a real PostgreSQL: configured metric columns are added to the
 * schema, the upsert replaces a provisional row by the final one but never the reverse, and the
 * export writes the configured columns in order with nulls as empty cells.
 */
class SymbolDailyStoreTest {
    private static EmbeddedPostgresServer pg;
    private static FinstreamConfig config;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgresServer.start();
        config = FinstreamConfig.load(null, List.of("metrics.volatility-windows=5,21", "metrics.spreads.growth=IWF-SPY",
                "metrics.factors=mkt,growth"), k -> null);
        config.postgres.url = pg.jdbcUrl();
        config.postgres.user = pg.user();
        config.postgres.password = "";
        Schema.apply(config);
        Schema.apply(config); // idempotent
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void finalRowsReplaceProvisionalOnesButNotTheReverse(@TempDir Path dir) throws Exception {
        List<String> columns = config.metrics.spec().columns();
        LocalDate d = LocalDate.of(2024, 5, 2);
        try (Connection c = Schema.connect(config.postgres)) {
            upsert(c, columns, "AAA", d, 10.0, true, 0.5);
            assertEquals("10.0 true 0.5", read(c, "AAA", d));
            upsert(c, columns, "AAA", d, 11.0, true, 0.6);
            assertEquals("11.0 true 0.6", read(c, "AAA", d), "a newer provisional row replaces the older");
            upsert(c, columns, "AAA", d, 12.0, false, 0.7);
            assertEquals("12.0 false 0.7", read(c, "AAA", d), "the final row replaces the provisional");
            upsert(c, columns, "AAA", d, 13.0, true, 0.8);
            assertEquals("12.0 false 0.7", read(c, "AAA", d), "a late provisional row does not undo the final");
            upsert(c, columns, "AAA", d, 14.0, false, null);
            assertEquals("14.0 false null", read(c, "AAA", d), "a replayed final row overwrites, nulls included");

            Path out = dir.resolve("export");
            ResultExport.export(c, out, config.metrics.spec());
            List<String> lines = Files.readAllLines(out.resolve("symbol_daily.csv"));
            assertEquals("symbol,date,close,return," + String.join(",", columns) + ",provisional", lines.get(0));
            assertTrue(columns.contains("vol_5") && columns.contains("beta_growth") && columns.contains("exp_growth"));
            assertFalse(columns.contains("exp_size"));
            assertEquals("AAA,2024-05-02,14.0,," + ",".repeat(columns.size()) + "false", lines.get(1), "null return and metrics");
        }
    }

    private static void upsert(Connection c, List<String> columns, String symbol, LocalDate d, double close,
                               boolean provisional, Double firstMetric) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(JdbcSinks.symbolDailyUpsert(columns))) {
            ps.setString(1, symbol);
            ps.setDate(2, Date.valueOf(d));
            ps.setDouble(3, close);
            ps.setNull(4, Types.DOUBLE);
            ps.setTimestamp(5, new Timestamp(0));
            ps.setBoolean(6, provisional);
            for (int i = 0; i < columns.size(); i++) {
                JdbcSinks.setNullable(ps, 7 + i, i == 0 ? firstMetric : null);
            }
            ps.executeUpdate();
        }
    }

    private static String read(Connection c, String symbol, LocalDate d) throws Exception {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT close, provisional, vol_5 FROM symbol_daily WHERE symbol = '"
                     + symbol + "' AND date = '" + d + "'")) {
            assertTrue(rs.next());
            double v = rs.getDouble(3);
            String metric = rs.wasNull() ? "null" : Double.toString(v);
            return rs.getDouble(1) + " " + rs.getBoolean(2) + " " + metric;
        }
    }
}
