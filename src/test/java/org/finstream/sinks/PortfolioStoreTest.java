package org.finstream.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.finstream.config.FinstreamConfig;
import org.finstream.records.PortfolioCorrelation;
import org.finstream.records.PortfolioDaily;
import org.finstream.records.PortfolioLive;
import org.finstream.runtime.EmbeddedPostgresServer;
import org.finstream.runtime.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The portfolio tables on a real PostgreSQL, through the sinks' own statements and binders,
 * executed as JDBC batches like the Flink JDBC sink does: rows are upserted, a retracted record
 * deletes its portfolio day (and only that), and a retraction and a re-insert of the same key
 * in one batch are applied in order.
 */
class PortfolioStoreTest {
    private static final LocalDate D1 = LocalDate.of(2024, 5, 2);
    private static final LocalDate D2 = LocalDate.of(2024, 5, 3);
    private static EmbeddedPostgresServer pg;
    private static FinstreamConfig config;
    private static List<String> metricColumns;
    private Connection c;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgresServer.start();
        config = FinstreamConfig.defaults();
        config.postgres.url = pg.jdbcUrl();
        config.postgres.user = pg.user();
        config.postgres.password = "";
        Schema.apply(config);
        metricColumns = config.metrics.spec().portfolioColumns();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @BeforeEach
    void connect() throws Exception {
        c = Schema.connect(config.postgres);
        try (Statement st = c.createStatement()) {
            st.execute("TRUNCATE portfolio_daily, portfolio_live, portfolio_correlations");
        }
    }

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    @Test
    void dailyRowIsUpsertedOverwrittenRetractedAndWrittenAgain() throws Exception {
        JdbcSinks.Upsert<PortfolioDaily> upsert = JdbcSinks.portfolioDailyUpsert(metricColumns);
        batch(upsert, daily("P1", D1, 100));
        assertEquals(List.of("P1 2024-05-02 100.0 200.0 0.1 {\"energy\": 0.25, \"unknown\": 0.75}"), dailyRows());
        batch(upsert, daily("P1", D1, 110));
        assertEquals(List.of("P1 2024-05-02 110.0 220.0 0.11 {\"energy\": 0.25, \"unknown\": 0.75}"), dailyRows(),
                "a newer row overwrites");
        batch(upsert, retractedDaily("P1", D1));
        assertEquals(List.of(), dailyRows(), "a retraction deletes the row");
        batch(upsert, retractedDaily("P1", D1));
        assertEquals(List.of(), dailyRows(), "a replayed retraction is a no-op");
        batch(upsert, daily("P1", D1, 120));
        assertEquals(List.of("P1 2024-05-02 120.0 240.0 0.12 {\"energy\": 0.25, \"unknown\": 0.75}"), dailyRows(),
                "the day written again is back");
    }

    @Test
    void dailyRetractionLeavesOtherDatesAndPortfolios() throws Exception {
        JdbcSinks.Upsert<PortfolioDaily> upsert = JdbcSinks.portfolioDailyUpsert(metricColumns);
        batch(upsert, daily("P1", D1, 100), daily("P1", D2, 101), daily("P2", D1, 200));
        batch(upsert, retractedDaily("P1", D1));
        assertEquals(List.of("P1 2024-05-03 101.0 202.0 0.101 {\"energy\": 0.25, \"unknown\": 0.75}",
                "P2 2024-05-02 200.0 400.0 0.2 {\"energy\": 0.25, \"unknown\": 0.75}"), dailyRows());
    }

    @Test
    void liveFinalRowIsNeverOverwrittenByAProvisionalOneAndRetractionDeletesEither() throws Exception {
        JdbcSinks.Upsert<PortfolioLive> upsert = JdbcSinks.portfolioLiveUpsert();
        batch(upsert, live("P1", D1, true, 100), live("P1", D2, true, 300));
        batch(upsert, live("P1", D1, true, 101));
        assertEquals(List.of("P1 2024-05-02 true 101.0 1.01", "P1 2024-05-03 true 300.0 3.0"), liveRows(),
                "a newer provisional row replaces the older");
        batch(upsert, live("P1", D1, false, 102));
        batch(upsert, live("P1", D1, true, 103));
        assertEquals(List.of("P1 2024-05-02 false 102.0 1.02", "P1 2024-05-03 true 300.0 3.0"), liveRows(),
                "a late provisional row does not undo the final");
        batch(upsert, retractedLive("P1", D1));
        assertEquals(List.of("P1 2024-05-03 true 300.0 3.0"), liveRows(), "the final row is retracted");
        batch(upsert, retractedLive("P1", D2));
        assertEquals(List.of(), liveRows(), "the provisional row is retracted");
        batch(upsert, live("P1", D1, true, 104));
        assertEquals(List.of("P1 2024-05-02 true 104.0 1.04"), liveRows(), "after a retraction any row is written");
    }

    @Test
    void correlationRetractionClearsThePortfolioPairsOnly() throws Exception {
        JdbcSinks.Upsert<PortfolioCorrelation> upsert = JdbcSinks.portfolioCorrelationsUpsert();
        batch(upsert, correlation("P1", D1, "AAA", "BBB", 0.1), correlation("P1", D1, "AAA", "CCC", 0.2),
                correlation("P1", D1, "BBB", "CCC", 0.3), correlation("P2", D1, "AAA", "BBB", 0.4));
        batch(upsert, correlation("P1", D2, "BBB", "CCC", 0.5), correlation("P1", D2, "CCC", "DDD", null));
        assertEquals(List.of("P1 AAA BBB 2024-05-02 0.1", "P1 AAA CCC 2024-05-02 0.2", "P1 BBB CCC 2024-05-03 0.5",
                "P1 CCC DDD 2024-05-03 null", "P2 AAA BBB 2024-05-02 0.4"), correlationRows(),
                "each pair keeps its latest correlation");
        batch(upsert, retractedCorrelation("P1", D2), correlation("P1", D2, "BBB", "CCC", 0.6));
        assertEquals(List.of("P1 BBB CCC 2024-05-03 0.6", "P2 AAA BBB 2024-05-02 0.4"), correlationRows(),
                "P1's pairs are replaced by the set written after the retraction; P2's stay");
        batch(upsert, retractedCorrelation("P1", D2));
        assertEquals(List.of("P2 AAA BBB 2024-05-02 0.4"), correlationRows());
    }

    @Test
    void retractionAndRewriteInOneBatchAreAppliedInOrder() throws Exception {
        JdbcSinks.Upsert<PortfolioDaily> daily = JdbcSinks.portfolioDailyUpsert(metricColumns);
        batch(daily, daily("P1", D1, 100), retractedDaily("P1", D1), daily("P1", D1, 130), daily("P1", D2, 140),
                retractedDaily("P1", D2));
        assertEquals(List.of("P1 2024-05-02 130.0 260.0 0.13 {\"energy\": 0.25, \"unknown\": 0.75}"), dailyRows());

        JdbcSinks.Upsert<PortfolioLive> live = JdbcSinks.portfolioLiveUpsert();
        batch(live, live("P1", D1, false, 100), retractedLive("P1", D1), live("P1", D1, true, 131),
                live("P1", D2, true, 141), retractedLive("P1", D2));
        assertEquals(List.of("P1 2024-05-02 true 131.0 1.31"), liveRows(),
                "after the retraction the provisional row is written, not held back by the deleted final one");

        JdbcSinks.Upsert<PortfolioCorrelation> correlations = JdbcSinks.portfolioCorrelationsUpsert();
        batch(correlations, correlation("P1", D1, "AAA", "BBB", 0.1), retractedCorrelation("P1", D1),
                correlation("P1", D1, "AAA", "BBB", 0.6), correlation("P1", D2, "AAA", "CCC", 0.7),
                retractedCorrelation("P1", D2), correlation("P1", D2, "BBB", "CCC", 0.8));
        assertEquals(List.of("P1 BBB CCC 2024-05-03 0.8"), correlationRows());
    }

    /** Binds every record with the sink's binder and executes them as one JDBC batch, as the Flink JDBC sink does. */
    @SafeVarargs
    private <T> void batch(JdbcSinks.Upsert<T> upsert, T... records) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upsert.sql())) {
            for (T r : records) {
                upsert.binder().accept(ps, r);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A portfolio row whose values all follow from its market value {@code mv}. */
    private static PortfolioDaily daily(String portfolio, LocalDate d, double mv) {
        PortfolioDaily r = new PortfolioDaily();
        r.setPortfolioId(portfolio);
        r.setDate(d);
        r.setEventTime(d.toEpochDay() * 86_400_000L);
        r.setMarketValue(mv);
        r.setGrossExposure(2 * mv);
        r.setPnl(1);
        r.setEquity(mv);
        r.setRet(0.01);
        r.setTop5Weight(1.0);
        r.setHhi(0.625);
        Double[] metrics = new Double[metricColumns.size()];
        metrics[0] = mv / 1000;
        r.setMetrics(metrics);
        r.setSectors(new String[] {"energy", "unknown"});
        r.setSectorWeights(new double[] {0.25, 0.75});
        return r;
    }

    /** A retraction as the portfolios operator sends it: only the key and event time set. */
    private static PortfolioDaily retractedDaily(String portfolio, LocalDate d) {
        PortfolioDaily r = new PortfolioDaily();
        r.setPortfolioId(portfolio);
        r.setDate(d);
        r.setEventTime(d.toEpochDay() * 86_400_000L);
        r.setRetracted(true);
        return r;
    }

    private static PortfolioLive live(String portfolio, LocalDate d, boolean provisional, double mv) {
        PortfolioLive r = retractedLive(portfolio, d);
        r.setRetracted(false);
        r.setProvisional(provisional);
        r.setMarketValue(mv);
        r.setPnl(mv / 100);
        return r;
    }

    private static PortfolioLive retractedLive(String portfolio, LocalDate d) {
        PortfolioLive r = new PortfolioLive();
        r.setPortfolioId(portfolio);
        r.setDate(d);
        r.setEventTime(d.toEpochDay() * 86_400_000L);
        r.setRetracted(true);
        return r;
    }

    private static PortfolioCorrelation correlation(String portfolio, LocalDate d, String a, String b, Double value) {
        PortfolioCorrelation r = retractedCorrelation(portfolio, d);
        r.setRetracted(false);
        r.setSymbolA(a);
        r.setSymbolB(b);
        r.setCorrelation(value);
        return r;
    }

    private static PortfolioCorrelation retractedCorrelation(String portfolio, LocalDate d) {
        PortfolioCorrelation r = new PortfolioCorrelation();
        r.setPortfolioId(portfolio);
        r.setDate(d);
        r.setEventTime(d.toEpochDay() * 86_400_000L);
        r.setRetracted(true);
        return r;
    }

    /** Each portfolio_daily row: key, market value, gross exposure, first metric, sector weights. */
    private List<String> dailyRows() throws SQLException {
        return rows("SELECT portfolio_id, date, market_value, gross_exposure, " + metricColumns.get(0)
                + ", sector_weights FROM portfolio_daily ORDER BY portfolio_id, date");
    }

    private List<String> liveRows() throws SQLException {
        return rows("SELECT portfolio_id, date, provisional, market_value, pnl FROM portfolio_live"
                + " ORDER BY portfolio_id, date");
    }

    private List<String> correlationRows() throws SQLException {
        return rows("SELECT portfolio_id, symbol_a, symbol_b, date, correlation FROM portfolio_correlations"
                + " ORDER BY portfolio_id, symbol_a, symbol_b");
    }

    /** The rows of {@code query}, each its columns as text joined by spaces (SQL null as "null"). */
    private List<String> rows(String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join(" ", row));
            }
        }
        return rows;
    }
}
