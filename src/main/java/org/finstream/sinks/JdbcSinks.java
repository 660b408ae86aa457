package org.finstream.sinks;

import java.sql.Date;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.finstream.config.FinstreamConfig;
import org.finstream.analytics.Valuation;
import org.finstream.records.DeadLetter;
import org.finstream.records.FundamentalsRow;
import org.finstream.records.PortfolioCorrelation;
import org.finstream.records.PortfolioDaily;
import org.finstream.records.PortfolioLive;
import org.finstream.records.ValuationRow;
import org.finstream.records.SymbolDaily;

/**
 * PostgreSQL sinks: batched idempotent upserts ({@code INSERT ... ON CONFLICT (key) DO UPDATE}),
 * flushed on every checkpoint. At-least-once delivery plus upsert on the result key gives an
 * exactly-once end state: a replayed row overwrites itself.
 */
public final class JdbcSinks {
    private static final List<String> SYMBOL_DAILY_FIXED = List.of("symbol", "date", "close", "\"return\"",
            "event_time", "provisional");
    static final String DEAD_LETTER_UPSERT = "INSERT INTO dead_letters (source_topic, source_partition, source_offset,"
            + " record_key, raw, error_code, message, rejected_at, operator) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (source_topic, source_partition, source_offset) DO UPDATE SET record_key = EXCLUDED.record_key,"
            + " raw = EXCLUDED.raw, error_code = EXCLUDED.error_code, message = EXCLUDED.message,"
            + " rejected_at = EXCLUDED.rejected_at, operator = EXCLUDED.operator";

    private JdbcSinks() {}

    /**
     * Upsert of per-symbol rows with the given metric columns (in {@link SymbolDaily#getMetrics()}
     * order). A provisional row never overwrites a final one, so a late intraday bar cannot undo
     * a closed day.
     */
    public static JdbcSink<SymbolDaily> symbolDaily(FinstreamConfig.Postgres pg, List<String> metricColumns) {
        String sql = symbolDailyUpsert(metricColumns);
        int fixed = SYMBOL_DAILY_FIXED.size();
        return upsert(pg, sql, (ps, r) -> {
            ps.setString(1, r.getSymbol());
            ps.setDate(2, Date.valueOf(r.getDate()));
            ps.setDouble(3, r.getClose());
            setNullable(ps, 4, r.getRet());
            ps.setTimestamp(5, new Timestamp(r.getEventTime()));
            ps.setBoolean(6, r.isProvisional());
            setAll(ps, fixed + 1, r.getMetrics());
        });
    }

    static String symbolDailyUpsert(List<String> metricColumns) {
        List<String> columns = new ArrayList<>(SYMBOL_DAILY_FIXED);
        columns.addAll(metricColumns);
        return upsertSql("symbol_daily", columns, 2, PROVISIONAL_GUARD.replace("%t", "symbol_daily"));
    }

    /** Keeps a final row from being overwritten by a provisional one (%t: the table). */
    private static final String PROVISIONAL_GUARD = " WHERE %t.provisional OR NOT EXCLUDED.provisional";

    /**
     * {@code INSERT ... ON CONFLICT (first keyColumns columns) DO UPDATE SET every other column},
     * with {@code updated_at = now()} and an optional WHERE clause on the update.
     */
    private static String upsertSql(String table, List<String> columns, int keyColumns, String where) {
        String updates = columns.subList(keyColumns, columns.size()).stream().map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ", updated_at) VALUES ("
                + "?, ".repeat(columns.size()) + "now()) ON CONFLICT (" + String.join(", ", columns.subList(0, keyColumns))
                + ") DO UPDATE SET " + updates + ", updated_at = now()" + where;
    }

    private static void setAll(java.sql.PreparedStatement ps, int firstIndex, Double[] values) throws java.sql.SQLException {
        for (int i = 0; i < values.length; i++) {
            setNullable(ps, firstIndex + i, values[i]);
        }
    }

    /** Upsert of fundamentals rows on (symbol, period_end): a restatement overwrites the row. */
    public static JdbcSink<FundamentalsRow> fundamentals(FinstreamConfig.Postgres pg) {
        List<String> columns = new ArrayList<>(List.of("symbol", "period_end", "fiscal_year", "fiscal_period", "filed",
                "form", "accession", "event_time", "piotroski_f"));
        int fixed = columns.size();
        columns.addAll(FundamentalsRow.COLUMNS);
        return upsert(pg, upsertSql("fundamentals", columns, 2, ""), (ps, r) -> {
            ps.setString(1, r.getSymbol());
            ps.setDate(2, Date.valueOf(r.getPeriodEnd()));
            ps.setInt(3, r.getFiscalYear());
            ps.setString(4, r.getFiscalPeriod());
            ps.setDate(5, Date.valueOf(r.getFiled()));
            ps.setString(6, r.getForm());
            ps.setString(7, r.getAccession());
            ps.setTimestamp(8, new Timestamp(r.getEventTime()));
            if (r.getPiotroskiF() == null) {
                ps.setNull(9, Types.INTEGER);
            } else {
                ps.setInt(9, r.getPiotroskiF());
            }
            setAll(ps, fixed + 1, r.getValues());
        });
    }

    /** Upsert of valuation rows on (symbol, date); a provisional row never overwrites a final one. */
    public static JdbcSink<ValuationRow> valuation(FinstreamConfig.Postgres pg) {
        List<String> columns = new ArrayList<>(List.of("symbol", "date", "event_time", "provisional", "price"));
        int fixed = columns.size();
        columns.addAll(Valuation.COLUMNS);
        return upsert(pg, upsertSql("valuation_daily", columns, 2, PROVISIONAL_GUARD.replace("%t", "valuation_daily")),
                (ps, r) -> {
                    ps.setString(1, r.getSymbol());
                    ps.setDate(2, Date.valueOf(r.getDate()));
                    ps.setTimestamp(3, new Timestamp(r.getEventTime()));
                    ps.setBoolean(4, r.isProvisional());
                    ps.setDouble(5, r.getPrice());
                    setAll(ps, fixed + 1, r.getValues());
                });
    }

    /** Upsert of portfolio rows on (portfolio_id, date), with the configured aggregated metric columns. */
    public static JdbcSink<PortfolioDaily> portfolioDaily(FinstreamConfig.Postgres pg, List<String> metricColumns) {
        List<String> columns = new ArrayList<>(List.of("portfolio_id", "date", "event_time", "market_value",
                "gross_exposure", "pnl", "equity", "\"return\"", "vol_63", "top5_weight", "hhi", "sector_weights"));
        int fixed = columns.size();
        columns.addAll(metricColumns);
        return upsert(pg, upsertSql("portfolio_daily", columns, 2, ""), (ps, r) -> {
            ps.setString(1, r.getPortfolioId());
            ps.setDate(2, Date.valueOf(r.getDate()));
            ps.setTimestamp(3, new Timestamp(r.getEventTime()));
            ps.setDouble(4, r.getMarketValue());
            ps.setDouble(5, r.getGrossExposure());
            ps.setDouble(6, r.getPnl());
            ps.setDouble(7, r.getEquity());
            setNullable(ps, 8, r.getRet());
            setNullable(ps, 9, r.getVol63());
            setNullable(ps, 10, r.getTop5Weight());
            setNullable(ps, 11, r.getHhi());
            ps.setObject(12, ResultJson.sectorWeights(r), Types.OTHER);
            setAll(ps, fixed + 1, r.getMetrics());
        });
    }

    /** The current correlation of each pair a portfolio holds, upserted on (portfolio_id, symbol_a, symbol_b). */
    public static JdbcSink<PortfolioCorrelation> portfolioCorrelations(FinstreamConfig.Postgres pg) {
        return upsert(pg, upsertSql("portfolio_correlations",
                List.of("portfolio_id", "symbol_a", "symbol_b", "date", "correlation"), 3, ""), (ps, r) -> {
                    ps.setString(1, r.getPortfolioId());
                    ps.setString(2, r.getSymbolA());
                    ps.setString(3, r.getSymbolB());
                    ps.setDate(4, Date.valueOf(r.getDate()));
                    setNullable(ps, 5, r.getCorrelation());
                });
    }

    /** The live row of each portfolio day; a provisional row never overwrites the final one. */
    public static JdbcSink<PortfolioLive> portfolioLive(FinstreamConfig.Postgres pg) {
        List<String> columns = List.of("portfolio_id", "date", "event_time", "provisional", "market_value", "pnl");
        return upsert(pg, upsertSql("portfolio_live", columns, 2, PROVISIONAL_GUARD.replace("%t", "portfolio_live")),
                (ps, r) -> {
                    ps.setString(1, r.getPortfolioId());
                    ps.setDate(2, Date.valueOf(r.getDate()));
                    ps.setTimestamp(3, new Timestamp(r.getEventTime()));
                    ps.setBoolean(4, r.isProvisional());
                    ps.setDouble(5, r.getMarketValue());
                    ps.setDouble(6, r.getPnl());
                });
    }

    public static JdbcSink<DeadLetter> deadLetters(FinstreamConfig.Postgres pg) {
        return upsert(pg, DEAD_LETTER_UPSERT, (ps, d) -> {
            ps.setString(1, d.getSourceTopic());
            ps.setInt(2, d.getPartition());
            ps.setLong(3, d.getOffset());
            ps.setString(4, d.getKey());
            ps.setBytes(5, d.getRaw());
            ps.setString(6, d.getErrorCode().name());
            ps.setString(7, d.getMessage());
            ps.setTimestamp(8, new Timestamp(d.getRejectedAt()));
            ps.setString(9, d.getOperator());
        });
    }

    static void setNullable(java.sql.PreparedStatement ps, int index, Double value) throws java.sql.SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    private static <T> JdbcSink<T> upsert(FinstreamConfig.Postgres pg, String sql, JdbcStatementBuilder<T> builder) {
        return JdbcSink.<T>builder()
                .withQueryStatement(sql, builder)
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(pg.batchSize)
                        .withBatchIntervalMs(pg.batchInterval.toMillis())
                        .withMaxRetries(3)
                        .build())
                .buildAtLeastOnce(connection(pg));
    }

    static JdbcConnectionOptions connection(FinstreamConfig.Postgres pg) {
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder b = new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(pg.url)
                .withDriverName("org.postgresql.Driver")
                .withUsername(pg.user);
        if (pg.password != null && !pg.password.isEmpty()) {
            b.withPassword(pg.password);
        }
        pg.properties.forEach(b::withProperty);
        return b.build();
    }
}
