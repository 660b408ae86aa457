package org.finstream.runtime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.KafkaInputSources;
import org.finstream.ingest.Replay;
import org.finstream.jobs.MarketPipeline;
import org.finstream.sinks.ResultExport;
import org.finstream.sinks.StoreSinks;

/**
 * {@code finstream local}: starts the embedded stack, replays a folder of input files into
 * Kafka, runs the pipeline over exactly those records (bounded Kafka sources end at the
 * offsets the replay reached, so the run knows when the input is drained), optionally
 * exports the result tables, and reports what happened.
 */
public final class LocalRun {
    /** Result tables counted in the summary. */
    private static final List<String> RESULT_TABLES = List.of("symbol_daily", "fundamentals", "valuation_daily",
            "portfolio_daily", "portfolio_correlations");

    /** What a local run did. */
    public record Summary(Map<String, Long> recordsPerTopic, Map<String, Long> deadLettersPerCode,
                          Map<String, Long> rowsPerTable, Map<String, Long> exportedRows, long elapsedMillis) {
        public void print(PrintStream out) {
            out.println("records in per topic:");
            recordsPerTopic.forEach((t, n) -> out.printf("  %-20s %,12d%n", t, n));
            out.println("dead letters per error code:" + (deadLettersPerCode.isEmpty() ? " none" : ""));
            deadLettersPerCode.forEach((c, n) -> out.printf("  %-22s %,10d%n", c, n));
            out.println("rows written:");
            rowsPerTable.forEach((t, n) -> out.printf("  %-20s %,12d%n", t, n));
            if (!exportedRows.isEmpty()) {
                out.println("exported:");
                exportedRows.forEach((f, n) -> out.printf("  %-26s %,10d rows%n", f, n));
            }
            out.printf("elapsed: %.1f s%n", elapsedMillis / 1000.0);
        }
    }

    private LocalRun() {}

    /**
     * @param exportDir where to write the CSV tables, or null for none
     * @param log       progress lines (replay progress, phases)
     */
    public static Summary run(FinstreamConfig config, Path dataDir, Path exportDir, PrintStream log) throws Exception {
        long start = System.currentTimeMillis();
        Replay.inputFiles(dataDir); // fail on a bad folder before starting anything
        log.println("starting embedded Kafka and PostgreSQL ...");
        try (EmbeddedStack stack = EmbeddedStack.start(config)) {
            FinstreamConfig c = stack.config();
            Replay.Summary replay = replayAndProcess(stack, dataDir, log);
            try (Connection db = Schema.connect(c.postgres)) {
                Map<String, Long> exported = new LinkedHashMap<>();
                if (exportDir != null) {
                    exported = ResultExport.export(db, exportDir, c.metrics.spec());
                }
                return new Summary(replay.recordsPerTopic(), deadLettersPerCode(db), rowsPerTable(db), exported,
                        System.currentTimeMillis() - start);
            }
        }
    }

    /**
     * Replays a folder of input files into the stack's Kafka and runs the pipeline over exactly
     * those records, so that every result is in the stack's PostgreSQL when it returns.
     */
    public static Replay.Summary replayAndProcess(EmbeddedStack stack, Path dataDir, PrintStream log) throws Exception {
        FinstreamConfig c = stack.config();
        log.println("replaying " + dataDir + " ...");
        Replay.Summary replay = Replay.run(dataDir, c.kafka, 0, (sent, total, ms) ->
                log.printf("  replay: %,d / %,d records (%.0f%%)%n", sent, total, 100.0 * sent / Math.max(1, total)));
        log.println("running the pipeline on a Flink MiniCluster ...");
        process(stack, "finstream-local");
        return replay;
    }

    /**
     * Runs the pipeline on a MiniCluster over what the stack's input topics hold when it starts
     * (bounded sources end at those offsets) and returns when every result is in PostgreSQL.
     */
    public static void process(EmbeddedStack stack, String jobName) throws Exception {
        FinstreamConfig c = stack.config();
        StreamExecutionEnvironment env = FlinkEnvironments.local(c.flink, stack.stateDir());
        MarketPipeline.build(env, new KafkaInputSources(c.kafka, true), new StoreSinks(c), c);
        env.execute(jobName);
    }

    /** The dead letters of each error code. */
    public static Map<String, Long> deadLettersPerCode(Connection db) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT error_code, count(*) FROM dead_letters GROUP BY error_code ORDER BY error_code")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    /** The rows of each result table. */
    public static Map<String, Long> rowsPerTable(Connection db) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement st = db.createStatement()) {
            for (String table : RESULT_TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
