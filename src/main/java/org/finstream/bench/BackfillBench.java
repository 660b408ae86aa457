package org.finstream.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.Replay;
import org.finstream.runtime.EmbeddedStack;
import org.finstream.runtime.LocalRun;
import org.finstream.runtime.Schema;

/**
 * {@code finstream bench backfill}: the nightly batch workload end to end. Each run starts a
 * fresh embedded stack, publishes the input folder to Kafka, then times the pipeline from job
 * submission until every result row is in PostgreSQL (bounded Kafka sources, so the job ends
 * when the input is drained). After each run, the SQL peer computes the per-symbol metrics from
 * the same input with window functions on the same PostgreSQL, and the Flink SQL peer computes
 * them with Flink SQL OVER windows in batch mode (writing them to the same PostgreSQL); each
 * peer's values are checked against finstream's before its time is reported.
 */
public final class BackfillBench {
    private BackfillBench() {}

    /**
     * One run's figures.
     *
     * @param recordsPerTopic the input records published, by topic
     * @param rowsPerTable    the result rows in PostgreSQL, by table
     */
    public record Run(Map<String, Long> recordsPerTopic, long publishMillis, long pipelineMillis,
                      Map<String, Long> rowsPerTable, SqlPeer.Run peer, SqlPeer.Comparison comparison,
                      FlinkSqlPeer.Run flinkPeer, SqlPeer.Comparison flinkComparison, Profile.Result profile) {
        public long inputRecords() {
            return recordsPerTopic.values().stream().mapToLong(Long::longValue).sum();
        }

        public long rowsWritten() {
            return rowsPerTable.values().stream().mapToLong(Long::longValue).sum();
        }

        public double eventsPerSecond() {
            return inputRecords() / (pipelineMillis / 1000.0);
        }

        public double rowsPerSecond() {
            return rowsWritten() / (pipelineMillis / 1000.0);
        }
    }

    /** Every run's figures. */
    public record Result(List<Run> runs) {
        public Spread pipelineSeconds() {
            return spread(r -> r.pipelineMillis() / 1000.0);
        }

        public Spread publishSeconds() {
            return spread(r -> r.publishMillis() / 1000.0);
        }

        public Spread eventsPerSecond() {
            return spread(Run::eventsPerSecond);
        }

        public Spread rowsPerSecond() {
            return spread(Run::rowsPerSecond);
        }

        /** The SQL peer's compute time, or null when it did not run. */
        public Spread peerSeconds() {
            return runs.get(0).peer() == null ? null : spread(r -> r.peer().computeMillis() / 1000.0);
        }

        /** The Flink SQL peer's compute time (job on a fresh MiniCluster), or null when it did not run. */
        public Spread flinkPeerSeconds() {
            return runs.get(0).flinkPeer() == null ? null : spread(r -> r.flinkPeer().computeMillis() / 1000.0);
        }

        Spread spread(ToDoubleFunction<Run> figure) {
            return Spread.of(runs.stream().map(r -> figure.applyAsDouble(r)).toList());
        }

        public void print(PrintStream out, double goalSeconds) {
            Run first = runs.get(0);
            out.printf("input: %,d records; rows written per run: %,d%n", first.inputRecords(), first.rowsWritten());
            out.println("figure (min / median / max over " + runs.size() + " runs)");
            out.println("  publish to Kafka            " + publishSeconds().format("%.1f s"));
            out.println("  pipeline Kafka->Flink->PG   " + pipelineSeconds().format("%.1f s")
                    + String.format("   (goal %.0f s: median x%.2f)", goalSeconds, pipelineSeconds().median() / goalSeconds));
            out.println("  input events/s              " + eventsPerSecond().format("%,.0f"));
            out.println("  result rows/s               " + rowsPerSecond().format("%,.0f"));
            if (peerSeconds() != null) {
                out.println("  SQL peer (symbol_daily)     " + peerSeconds().format("%.1f s")
                        + "   (load " + spread(r -> r.peer().loadMillis() / 1000.0).format("%.1f s") + ")");
                out.println("  peer check                  " + first.comparison());
            }
            if (flinkPeerSeconds() != null) {
                out.println("  Flink SQL peer (batch OVER) " + flinkPeerSeconds().format("%.1f s")
                        + "   (parse CSV " + spread(r -> r.flinkPeer().loadMillis() / 1000.0).format("%.1f s")
                        + ", write PG " + spread(r -> r.flinkPeer().writeMillis() / 1000.0).format("%.1f s") + ")");
                out.println("  Flink SQL peer check        " + first.flinkComparison());
            }
            if (first.profile() != null) {
                out.println("profile of run 1:");
                first.profile().print(out);
            }
        }
    }

    /**
     * @param runs    how many times to run it
     * @param peer    whether to run and check the SQL peer after each run
     * @param flinkSqlPeer whether to run and check the Flink SQL peer after each run
     * @param profile whether to sample where the first run's pipeline spends its CPU
     */
    public static Result run(FinstreamConfig config, Path input, int runs, boolean peer, boolean flinkSqlPeer,
                             boolean profile, PrintStream log) throws Exception {
        Replay.inputFiles(input); // fail on a bad folder before starting anything
        List<Run> done = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            log.printf("run %d of %d: starting embedded Kafka and PostgreSQL ...%n", i, runs);
            try (EmbeddedStack stack = EmbeddedStack.start(config)) {
                long t0 = System.nanoTime();
                Replay.Summary replay = Replay.run(input, stack.config().kafka, 0, null);
                long published = System.nanoTime();
                log.printf("  published %,d records in %.1f s; running the pipeline ...%n", replay.total(),
                        (published - t0) / 1e9);
                Profile sampler = profile && i == 1 ? Profile.start() : null;
                long started = System.nanoTime();
                long pipelineMillis;
                Profile.Result sampled = null;
                try {
                    LocalRun.process(stack, "finstream-bench-backfill");
                } finally {
                    pipelineMillis = (System.nanoTime() - started) / 1_000_000; // reading the samples is not the pipeline's
                    if (sampler != null) {
                        sampled = sampler.stop();
                    }
                }
                log.printf("  pipeline %.1f s%n", pipelineMillis / 1000.0);
                try (Connection db = Schema.connect(stack.config().postgres)) {
                    Map<String, Long> rows = LocalRun.rowsPerTable(db);
                    SqlPeer.Run peerRun = null;
                    SqlPeer.Comparison comparison = null;
                    if (peer) {
                        peerRun = SqlPeer.run(db, input);
                        comparison = SqlPeer.compare(db);
                        log.printf("  SQL peer %.1f s (load %.1f s): %s%n", peerRun.computeMillis() / 1000.0,
                                peerRun.loadMillis() / 1000.0, comparison.matches() ? "same values" : "DIFFERENT");
                        requireSameValues("SQL peer", comparison);
                    }
                    FlinkSqlPeer.Run flinkRun = null;
                    SqlPeer.Comparison flinkComparison = null;
                    if (flinkSqlPeer) {
                        flinkRun = FlinkSqlPeer.run(db, input, stack.config().flink);
                        flinkComparison = SqlPeer.compare(db, FlinkSqlPeer.TABLE, FlinkSqlPeer.TOLERANCE);
                        log.printf("  Flink SQL peer %.1f s (parse CSV %.1f s, write PG %.1f s): %s%n",
                                flinkRun.computeMillis() / 1000.0, flinkRun.loadMillis() / 1000.0,
                                flinkRun.writeMillis() / 1000.0, flinkComparison.matches() ? "same values" : "DIFFERENT");
                        requireSameValues("Flink SQL peer", flinkComparison);
                    }
                    done.add(new Run(replay.recordsPerTopic(), (published - t0) / 1_000_000, pipelineMillis, rows, peerRun,
                            comparison, flinkRun, flinkComparison, sampled));
                }
            }
        }
        return new Result(done);
    }

    /** Fails the bench when a peer's values differ from finstream's: the comparison would not be fair. */
    private static void requireSameValues(String peer, SqlPeer.Comparison comparison) {
        if (!comparison.matches()) {
            throw new IllegalStateException("the " + peer + "'s values differ from finstream's, so the comparison"
                    + " would not be fair: " + comparison);
        }
    }
}
