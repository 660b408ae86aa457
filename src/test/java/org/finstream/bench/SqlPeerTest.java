package org.finstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.finstream.config.FinstreamConfig;
import org.finstream.generator.GeneratorOptions;
import org.finstream.generator.MarketGenerator;
import org.finstream.runtime.EmbeddedStack;
import org.finstream.runtime.LocalRun;
import org.finstream.runtime.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peers over the market finstream processed, in the same embedded PostgreSQL (one stack and
 * one pipeline run for the class): every value of {@code bench_symbol_daily} (the PostgreSQL
 * peer) and of {@code flinksql_symbol_daily} (the Flink SQL peer) equals {@code symbol_daily}'s
 * within the peer's tolerance, and the comparison reports a value changed or nulled afterwards.
 * The generated market gets gaps and extra actions (see {@link #addGapsAndActions}) so that
 * returns across gaps, folded ex-dates, common dates and carried betas are all exercised.
 */
class SqlPeerTest {
    /** The symbols of the reference series (always generated). */
    private static final Set<String> ETFS = Set.of("SPY", "TLT", "IWM", "IWD", "IWF", "MTUM", "QUAL", "USMV");

    @TempDir
    static Path tmp;
    private static Path input;
    private static EmbeddedStack stack;

    @BeforeAll
    static void processGeneratedMarket() throws Exception {
        input = tmp.resolve("in");
        new MarketGenerator().generate(GeneratorOptions.defaults(input).withSymbols(20).withDays(300)
                .withPortfolios(1).withSeed(11));
        addGapsAndActions(input);
        stack = EmbeddedStack.start(FinstreamConfig.defaults());
        LocalRun.replayAndProcess(stack, input, new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void peerMatchesTheProductAndTheComparisonSeesChanges() throws Exception {
        try (Connection db = Schema.connect(stack.config().postgres)) {
            SqlPeer.Run run = SqlPeer.run(db, input);
            System.out.println("SQL peer: " + run);
            SqlPeer.Comparison same = SqlPeer.compare(db);
            System.out.println(same);
            assertTrue(same.matches(), same.toString());
            assertEquals(count(db, "SELECT count(*) FROM symbol_daily"), run.rows());
            assertEquals(run.rows(), same.rows());
            for (String column : List.of("vol_252", "beta_mkt_90", "beta_rates_90", "beta_low_vol", "high_52w")) {
                assertTrue(count(db, "SELECT count(" + column + ") FROM bench_symbol_daily") > 100, column);
            }

            String last = "(SELECT max(date) FROM bench_symbol_daily)";
            update(db, "UPDATE bench_symbol_daily SET vol_252 = vol_252 + 1e-6 WHERE symbol = 'SPY' AND date = "
                    + last);
            update(db, "UPDATE bench_symbol_daily SET beta_mkt_90 = NULL WHERE symbol = 'TLT' AND date = " + last);
            SqlPeer.Comparison changed = SqlPeer.compare(db);
            assertFalse(changed.matches());
            assertEquals(2, changed.differingValues(), changed.toString());
            assertEquals(1, changed.columns().get("vol_252").differing(), changed.toString());
            assertEquals(1e-6, changed.columns().get("vol_252").maxRelative(), 1e-12);
            assertEquals(1, changed.columns().get("beta_mkt_90").differing(), changed.toString());
            assertEquals(2, changed.firstDifferences().size(), changed.toString());
            assertTrue(changed.firstDifferences().get(0).startsWith("SPY ")
                    && changed.firstDifferences().get(0).contains("vol_252"), changed.toString());
            assertTrue(changed.firstDifferences().get(1).startsWith("TLT ")
                    && changed.firstDifferences().get(1).contains("beta_mkt_90: null"), changed.toString());
        }
    }

    @Test
    void flinkSqlPeerMatchesTheProduct() throws Exception {
        try (Connection db = Schema.connect(stack.config().postgres)) {
            FlinkSqlPeer.Run run = FlinkSqlPeer.run(db, input, stack.config().flink);
            System.out.println("Flink SQL peer: " + run);
            SqlPeer.Comparison same = SqlPeer.compare(db, FlinkSqlPeer.TABLE, FlinkSqlPeer.TOLERANCE);
            System.out.println(same);
            assertTrue(same.matches(), same.toString());
            assertEquals(count(db, "SELECT count(*) FROM symbol_daily"), run.rows());
            assertEquals(run.rows(), same.rows());
            assertEquals(15, same.columns().size(), same.toString());
            for (String column : List.of("return", "vol_252", "beta_mkt_90", "beta_rates_90", "beta_low_vol",
                    "high_52w", "avg_volume_30")) {
                assertTrue(count(db, "SELECT count(\"" + column + "\") FROM " + FlinkSqlPeer.TABLE) > 100, column);
            }
            // the first stock's return on day 63 folds the three ex-dates of its missing days 60 to 62
            assertEquals(0, count(db, "SELECT count(*) FROM " + FlinkSqlPeer.TABLE + " f JOIN symbol_daily s"
                    + " USING (symbol, date) WHERE (f.\"return\" IS NULL) <> (s.\"return\" IS NULL)"));

            update(db, "UPDATE " + FlinkSqlPeer.TABLE + " SET beta_size = beta_size * (1 + 1e-6) WHERE symbol = 'IWM'"
                    + " AND date = (SELECT max(date) FROM " + FlinkSqlPeer.TABLE + ")");
            SqlPeer.Comparison changed = SqlPeer.compare(db, FlinkSqlPeer.TABLE, FlinkSqlPeer.TOLERANCE);
            assertEquals(1, changed.differingValues(), changed.toString());
            assertTrue(changed.firstDifferences().get(0).contains("(" + FlinkSqlPeer.TABLE + ")"), changed.toString());
        }
    }

    /**
     * Makes the generated market irregular, in new files beside the generated ones: SPY misses 3
     * days and TLT one (so the other symbols have rows that are not common dates), the first
     * stock misses days 60 to 62, which get a split, a dividend and a split with a dividend (three
     * ex-dates folded into day 63's return), and the second stock starts on day 10 with a
     * dividend on day 5 (before its first bar: ignored).
     */
    static void addGapsAndActions(Path input) throws IOException {
        Path prices = input.resolve("prices.csv");
        List<String> lines = Files.readAllLines(prices);
        List<LocalDate> dates = lines.stream().skip(1).map(l -> LocalDate.parse(l.split(",")[1])).distinct()
                .sorted().toList();
        List<String> stocks = lines.stream().skip(1).map(l -> l.split(",")[0]).filter(s -> !ETFS.contains(s))
                .distinct().sorted().toList();
        String first = stocks.get(0);
        String second = stocks.get(1);
        List<String> kept = new ArrayList<>(List.of(lines.get(0)));
        List<String> spy = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            String symbol = line.split(",")[0];
            int day = dates.indexOf(LocalDate.parse(line.split(",")[1]));
            boolean dropped = symbol.equals("SPY") && Set.of(120, 121, 200).contains(day)
                    || symbol.equals("TLT") && day == 150
                    || symbol.equals(first) && day >= 60 && day <= 62
                    || symbol.equals(second) && day < 10;
            if (!dropped) {
                (symbol.equals("SPY") ? spy : kept).add(line);
            }
        }
        Files.write(prices, kept);
        Files.write(input.resolve("prices_spy.csv"), spy);
        Files.write(input.resolve("corporate_actions_gaps.csv"), List.of("symbol,ex_date,type,value",
                first + "," + dates.get(60) + ",split,2",
                first + "," + dates.get(61) + ",dividend,0.5",
                first + "," + dates.get(62) + ",split,3",
                first + "," + dates.get(62) + ",dividend,0.25",
                second + "," + dates.get(5) + ",dividend,1"));
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void update(Connection db, String sql) throws SQLException {
        try (Statement st = db.createStatement()) {
            assertEquals(1, st.executeUpdate(sql), sql);
        }
    }
}
