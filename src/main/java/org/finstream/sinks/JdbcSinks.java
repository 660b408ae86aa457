package org.finstream.sinks;

import java.sql.Date;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExactlyOnceOptions;
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
import org.postgresql.xa.PGXADataSource;

/**
 * PostgreSQL sinks: batched idempotent upserts ({@code INSERT ... ON CONFLICT (key) DO UPDATE}),
 * flushed on every checkpoint. At-least-once delivery plus upsert on the result key gives an
 * exactly-once end state: a replayed row overwrites itself. The portfolio sinks also take
 * retractions (a day that is no longer a portfolio day), which delete in the same statement.
 */
public final class JdbcSinks {
    private static final List<String> SYMBOL_DAILY_FIXED = List.of("symbol", "date", "close", "\"return\"",
            "event_time", "provisional");
    private static final String DOUBLE = "double precision";
    /** What a retracted portfolio record deletes: the rows of its portfolio and date. */
    private static final List<String> PORTFOLIO_DAY = List.of("portfolio_id", "date");
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
    public static Sink<SymbolDaily> symbolDaily(FinstreamConfig.Postgres pg, List<String> metricColumns) {
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
     * {@code INSERT ... VALUES (?, ...) ON CONFLICT (first keyColumns columns) DO UPDATE SET every other column},
     * with {@code updated_at = now()} and an optional WHERE clause on the update.
     */
    private static String upsertSql(String table, List<String> columns, int keyColumns, String where) {
        return insertSql(table, columns, "VALUES (" + "?, ".repeat(columns.size()) + "now())", keyColumns, where);
    }

    /**
     * One statement that upserts a row exactly like {@link #upsertSql} or, when its last parameter
     * ({@code retracted}) is true, instead deletes every row of the table that matches it on the
     * {@code deleteKey} columns (inserting nothing):
     * <pre>
     * WITH r AS (SELECT CAST(? AS type) AS column, ..., CAST(? AS boolean) AS retracted),
     *      gone AS (DELETE FROM table USING r WHERE r.retracted AND table.k = r.k ...)
     * INSERT INTO table (columns, updated_at) SELECT columns, now() FROM r WHERE NOT r.retracted
     * ON CONFLICT (first keyColumns columns) DO UPDATE SET every other column, updated_at = now() [where]
     * </pre>
     * The parameters are the columns in order, then the retracted flag; each is cast to its
     * column's type, so no parameter type depends on inference. Being one statement, a retraction
     * and a later row of the same key keep their order in a JDBC batch.
     */
    private static String retractableUpsertSql(String table, List<Column> columns, int keyColumns,
                                               List<String> deleteKey, String where) {
        String row = columns.stream().map(c -> "CAST(? AS " + c.type() + ") AS " + c.name())
                .collect(Collectors.joining(", "));
        String match = deleteKey.stream().map(k -> " AND " + table + "." + k + " = r." + k).collect(Collectors.joining());
        List<String> names = columns.stream().map(Column::name).toList();
        return "WITH r AS (SELECT " + row + ", CAST(? AS boolean) AS retracted), gone AS (DELETE FROM " + table
                + " USING r WHERE r.retracted" + match + ") "
                + insertSql(table, names, "SELECT " + String.join(", ", names) + ", now() FROM r WHERE NOT r.retracted",
                        keyColumns, where);
    }

    /**
     * {@code INSERT INTO table (columns, updated_at) <rows> ON CONFLICT (first keyColumns columns)
     * DO UPDATE SET every other column, updated_at = now()}, then {@code where}.
     */
    private static String insertSql(String table, List<String> columns, String rows, int keyColumns, String where) {
        String updates = columns.subList(keyColumns, columns.size()).stream().map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ", updated_at) " + rows + " ON CONFLICT ("
                + String.join(", ", columns.subList(0, keyColumns)) + ") DO UPDATE SET " + updates
                + ", updated_at = now()" + where;
    }

    /** A column of a {@link #retractableUpsertSql} statement and the SQL type its parameter is cast to. */
    private record Column(String name, String type) {}

    /** The columns {@code names}, each of type {@code type}. */
    private static List<Column> columns(String type, List<String> names) {
        return names.stream().map(n -> new Column(n, type)).toList();
    }

    /** A statement and how a record binds its parameters. */
    record Upsert<T>(String sql, JdbcStatementBuilder<T> binder) {}

    private static void setAll(java.sql.PreparedStatement ps, int firstIndex, Double[] values) throws java.sql.SQLException {
        for (int i = 0; i < values.length; i++) {
            setNullable(ps, firstIndex + i, values[i]);
        }
    }

    /** Upsert of fundamentals rows on (symbol, period_end): a restatement overwrites the row. */
    public static Sink<FundamentalsRow> fundamentals(FinstreamConfig.Postgres pg) {
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
    public static Sink<ValuationRow> valuation(FinstreamConfig.Postgres pg) {
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

    /**
     * Upsert of portfolio rows on (portfolio_id, date), with the configured aggregated metric
     * columns; a retracted record deletes the row (portfolio_id, date) instead.
     */
    public static Sink<PortfolioDaily> portfolioDaily(FinstreamConfig.Postgres pg, List<String> metricColumns) {
        return upsert(pg, portfolioDailyUpsert(metricColumns));
    }

    /**
     * {@link #portfolioDaily}'s statement. A retracted record has only its key and event time set:
     * its other values bind as the unset fields are, its sector weights and metrics as null.
     */
    static Upsert<PortfolioDaily> portfolioDailyUpsert(List<String> metricColumns) {
        List<Column> columns = new ArrayList<>(List.of(new Column("portfolio_id", "text"), new Column("date", "date"),
                new Column("event_time", "timestamptz")));
        columns.addAll(columns(DOUBLE, List.of("market_value", "gross_exposure", "pnl", "equity", "\"return\"",
                "vol_63", "top5_weight", "hhi")));
        columns.add(new Column("sector_weights", "jsonb"));
        int fixed = columns.size();
        columns.addAll(columns(DOUBLE, metricColumns));
        int metrics = metricColumns.size();
        return new Upsert<>(retractableUpsertSql("portfolio_daily", columns, 2, PORTFOLIO_DAY, ""), (ps, r) -> {
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
            ps.setObject(12, r.isRetracted() ? null : ResultJson.sectorWeights(r), Types.OTHER);
            setAll(ps, fixed + 1, r.isRetracted() ? new Double[metrics] : r.getMetrics());
            ps.setBoolean(fixed + metrics + 1, r.isRetracted());
        });
    }

    /**
     * The current correlation of each pair a portfolio holds, upserted on (portfolio_id, symbol_a,
     * symbol_b); a retracted record deletes every pair of the portfolio, so that the pairs written
     * after it are the portfolio's whole current set (pairs it no longer holds do not linger).
     */
    public static Sink<PortfolioCorrelation> portfolioCorrelations(FinstreamConfig.Postgres pg) {
        return upsert(pg, portfolioCorrelationsUpsert());
    }

    /** {@link #portfolioCorrelations}'s statement; a retracted record binds its null symbols and correlation as they are. */
    static Upsert<PortfolioCorrelation> portfolioCorrelationsUpsert() {
        List<Column> columns = List.of(new Column("portfolio_id", "text"), new Column("symbol_a", "text"),
                new Column("symbol_b", "text"), new Column("date", "date"), new Column("correlation", DOUBLE));
        return new Upsert<>(retractableUpsertSql("portfolio_correlations", columns, 3, List.of("portfolio_id"), ""),
                (ps, r) -> {
            ps.setString(1, r.getPortfolioId());
            ps.setString(2, r.getSymbolA());
            ps.setString(3, r.getSymbolB());
            ps.setDate(4, Date.valueOf(r.getDate()));
            setNullable(ps, 5, r.getCorrelation());
            ps.setBoolean(6, r.isRetracted());
        });
    }

    /**
     * The live row of each portfolio day; a provisional row never overwrites the final one. A
     * retracted record deletes the row (portfolio_id, date), provisional or final.
     */
    public static Sink<PortfolioLive> portfolioLive(FinstreamConfig.Postgres pg) {
        return upsert(pg, portfolioLiveUpsert());
    }

    /** {@link #portfolioLive}'s statement; a retracted record binds its unset values as they are (defaults). */
    static Upsert<PortfolioLive> portfolioLiveUpsert() {
        List<Column> columns = List.of(new Column("portfolio_id", "text"), new Column("date", "date"),
                new Column("event_time", "timestamptz"), new Column("provisional", "boolean"),
                new Column("market_value", DOUBLE), new Column("pnl", DOUBLE));
        String sql = retractableUpsertSql("portfolio_live", columns, 2, PORTFOLIO_DAY,
                PROVISIONAL_GUARD.replace("%t", "portfolio_live"));
        return new Upsert<>(sql, (ps, r) -> {
            ps.setString(1, r.getPortfolioId());
            ps.setDate(2, Date.valueOf(r.getDate()));
            ps.setTimestamp(3, new Timestamp(r.getEventTime()));
            ps.setBoolean(4, r.isProvisional());
            ps.setDouble(5, r.getMarketValue());
            ps.setDouble(6, r.getPnl());
            ps.setBoolean(7, r.isRetracted());
        });
    }

    public static Sink<DeadLetter> deadLetters(FinstreamConfig.Postgres pg) {
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

    private static <T> Sink<T> upsert(FinstreamConfig.Postgres pg, Upsert<T> statement) {
        return upsert(pg, statement.sql(), statement.binder());
    }

    static <T> Sink<T> upsert(FinstreamConfig.Postgres pg, String sql, JdbcStatementBuilder<T> builder) {
        boolean xa = pg.exactlyOnce();
        var sink = JdbcSink.<T>builder()
                .withQueryStatement(sql, builder)
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(pg.batchSize)
                        .withBatchIntervalMs(pg.batchInterval.toMillis())
                        .withMaxRetries(xa ? 0 : 3) // a retry inside an XA transaction could write twice
                        .build());
        if (!xa) {
            return sink.buildAtLeastOnce(connection(pg));
        }
        String url = pg.url;
        String user = pg.user;
        String password = pg.password;
        Map<String, String> properties = new HashMap<>(pg.properties);
        // each sink's statement names its table: its hash gives the sink its own XID format id
        return new XaFinalCheckpointSink<>(sink.buildExactlyOnce(JdbcExactlyOnceOptions.builder().withTransactionPerConnection(true).build(),
                new SinkXaConnections(() -> {
            PGXADataSource ds = new PGXADataSource();
            ds.setUrl(url);
            ds.setUser(user);
            if (password != null && !password.isEmpty()) {
                ds.setPassword(password);
            }
            properties.forEach((k, v) -> {
                try {
                    ds.setProperty(k, v);
                } catch (java.sql.SQLException e) {
                    throw new IllegalArgumentException("postgres.properties." + k + ": " + e.getMessage(), e);
                }
            });
            return ds;
        }, sql.hashCode())));
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
