package org.finstream.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.finstream.config.FinstreamConfig;

/**
 * Applies {@code sql/schema.sql} (shipped in the jar), then adds the metric columns the
 * configuration names beyond the defaults ({@code vol_N}, {@code beta_<spread>},
 * {@code exp_<factor>}, ...). Every statement is idempotent.
 */
public final class Schema {
    private Schema() {}

    public static void apply(FinstreamConfig config) throws SQLException, IOException {
        FinstreamConfig.Postgres pg = config.postgres;
        String sql;
        try (InputStream in = Schema.class.getResourceAsStream("/sql/schema.sql")) {
            if (in == null) {
                throw new IOException("sql/schema.sql is missing from the classpath");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = connect(pg); Statement st = c.createStatement()) {
            st.execute(sql);
            for (String column : config.metrics.spec().columns()) {
                st.execute("ALTER TABLE symbol_daily ADD COLUMN IF NOT EXISTS " + column + " double precision");
            }
            for (String column : config.metrics.spec().portfolioColumns()) {
                st.execute("ALTER TABLE portfolio_daily ADD COLUMN IF NOT EXISTS " + column + " double precision");
            }
        }
    }

    public static Connection connect(FinstreamConfig.Postgres pg) throws SQLException {
        Properties props = new Properties();
        props.putAll(pg.properties);
        props.setProperty("user", pg.user);
        if (pg.password != null && !pg.password.isEmpty()) {
            props.setProperty("password", pg.password);
        }
        return DriverManager.getConnection(pg.url, props);
    }
}
