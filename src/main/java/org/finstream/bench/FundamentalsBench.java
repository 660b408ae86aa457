package org.finstream.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.finstream.config.FinstreamConfig;

/**
 * {@code finstream bench fundamentals}: the S&P 500 fundamentals refresh of the batch systems
 * finstream replaces (their target: under 3 hours). An S&P-500-sized filings history (by default
 * 500 companies with 10 fiscal years of 10-Qs, 10-Ks and amendments) and a quarter of prices go
 * through the same bounded Kafka -> Flink -> PostgreSQL run as {@link BackfillBench} (no SQL
 * peer: it computes per-symbol metrics only), and the figures are those of the fundamentals: filings
 * in, TTM {@code fundamentals} rows and daily {@code valuation_daily} ratios out.
 */
public final class FundamentalsBench {
    /** The batch systems' target for the S&P 500 fundamentals refresh. */
    public static final Duration BATCH_TARGET = Duration.ofHours(3);

    private FundamentalsBench() {}

    /** {@code runs} runs of {@link BackfillBench} on {@code input} without its peer. */
    public static BackfillBench.Result run(FinstreamConfig config, Path input, int runs, boolean profile,
                                           PrintStream log) throws Exception {
        return BackfillBench.run(config, input, runs, false, false, profile, log);
    }

    /** The run's figures in terms of filings and fundamentals, with the ratio to {@link #BATCH_TARGET}. */
    public static void print(BackfillBench.Result result, FinstreamConfig config, PrintStream out) {
        BackfillBench.Run first = result.runs().get(0);
        long filings = first.recordsPerTopic().getOrDefault(config.kafka.topic("filings"), 0L);
        long bars = first.recordsPerTopic().getOrDefault(config.kafka.topic("prices"), 0L);
        long fundamentals = first.rowsPerTable().getOrDefault("fundamentals", 0L);
        long valuations = first.rowsPerTable().getOrDefault("valuation_daily", 0L);
        out.printf("input: %,d filings, %,d price bars, %,d records in all%n", filings, bars, first.inputRecords());
        out.printf("rows per run: %,d fundamentals, %,d valuation_daily, %,d in all%n", fundamentals, valuations,
                first.rowsWritten());
        Spread seconds = result.pipelineSeconds();
        out.println("figure (min / median / max over " + result.runs().size() + " runs)");
        out.println("  publish to Kafka            " + result.publishSeconds().format("%.1f s"));
        out.println("  pipeline Kafka->Flink->PG   " + seconds.format("%.1f s")
                + String.format("   (batch target %d h: median is 1/%,.0f of it)", BATCH_TARGET.toHours(),
                BATCH_TARGET.toSeconds() / seconds.median()));
        out.println("  filings/s                   " + result.spread(r -> filings / (r.pipelineMillis() / 1000.0))
                .format("%,.0f"));
        out.println("  fundamentals rows/s         " + result.spread(r -> fundamentals / (r.pipelineMillis() / 1000.0))
                .format("%,.0f"));
        if (first.profile() != null) {
            out.println("profile of run 1:");
            first.profile().print(out);
        }
    }
}
