package org.finstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.util.FileUtils;
import org.apache.flink.util.function.ThrowingConsumer;
import org.finstream.bench.BackfillBench;
import org.finstream.bench.DailyCloseBench;
import org.finstream.bench.FundamentalsBench;
import org.finstream.bench.LiveBench;
import org.finstream.config.FinstreamConfig;
import org.finstream.generator.GeneratorOptions;
import org.finstream.generator.MarketGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code finstream bench}: the benchmark scenarios (BENCHMARKS.md) on the embedded stack. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark scenarios on the embedded stack with generated (or given) data; figures are"
                + " min / median / max over the runs. See BENCHMARKS.md."},
        subcommands = {BenchCommand.Backfill.class, BenchCommand.DailyClose.class, BenchCommand.Live.class,
                BenchCommand.Fundamentals.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw Main.missing("scenario", spec);
    }

    /** Runs {@code scenario} with a fresh temporary folder (generated input, split days), deleted afterwards. */
    private static void inWorkDir(ThrowingConsumer<Path, Exception> scenario) throws Exception {
        Path work = Files.createTempDirectory("finstream-bench-");
        try {
            scenario.accept(work);
        } finally {
            FileUtils.deleteDirectory(work.toFile());
        }
    }

    /** The input: a folder, or a generated market. */
    static final class Input {
        @Option(names = "--data", paramLabel = "DIR", description = "Input folder (default: generate one, see --symbols ...)")
        Path data;

        @Option(names = "--symbols", defaultValue = "500", description = "Generated stocks, besides the 8 ETFs (default: ${DEFAULT-VALUE})")
        int symbols;

        @Option(names = "--days", defaultValue = "339", description = "Generated trading days (default: ${DEFAULT-VALUE})")
        int days;

        @Option(names = "--portfolios", defaultValue = "1000", description = "Generated portfolios (default: ${DEFAULT-VALUE})")
        int portfolios;

        @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--filing-years", defaultValue = "2",
                description = "Generated fiscal years of filings before the first trading day's (default: ${DEFAULT-VALUE})")
        int filingYears;

        /** The input folder: {@code --data}, or a market generated under {@code work}. */
        Path resolve(Path work) throws Exception {
            if (data != null) {
                return data;
            }
            Path dir = work.resolve("input");
            System.err.printf("generating %d stocks + 8 ETFs x %d days, %d portfolios, %d filing years (seed %d) ...%n",
                    symbols, days, portfolios, filingYears, seed);
            new MarketGenerator().generate(GeneratorOptions.defaults(dir).withSymbols(symbols).withDays(days)
                    .withPortfolios(portfolios).withFilingYears(filingYears).withSeed(seed));
            return dir;
        }
    }

    /** How many bounded runs, and whether to profile the first. */
    static final class Runs {
        @Option(names = "--runs", defaultValue = "3", description = "Runs, each on a fresh stack (default: ${DEFAULT-VALUE})")
        int runs;

        @Option(names = "--profile", description = "Sample where the first run's pipeline spends its CPU (JFR)")
        boolean profile;

        /** The number of runs, checked. */
        int runs() {
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be >= 1, got " + runs);
            }
            return runs;
        }
    }

    @Command(name = "backfill", mixinStandardHelpOptions = true,
            description = {"The nightly workload end to end: publish the input to Kafka, then run the bounded pipeline"
                    + " until every result is in PostgreSQL; then the SQL peer (sql/bench) computes the per-symbol"
                    + " metrics with window functions on the same data, and the Flink SQL peer with Flink SQL OVER"
                    + " windows in batch mode; each peer's values are checked against ours."})
    static final class Backfill implements Callable<Integer> {
        @Mixin
        Input input;

        @Mixin
        Runs runs;

        @Option(names = "--no-peer", description = "Skip the SQL peer")
        boolean noPeer;

        @Option(names = "--no-flink-sql", description = "Skip the Flink SQL peer")
        boolean noFlinkSql;

        @Option(names = "--goal", defaultValue = "PT60S", description = "Pipeline time to compare with (default: ${DEFAULT-VALUE})")
        Duration goal;

        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            int n = runs.runs();
            FinstreamConfig c = config.load();
            inWorkDir(work -> BackfillBench.run(c, input.resolve(work), n, !noPeer, !noFlinkSql, runs.profile,
                    System.err)
                    .print(System.out, goal.toMillis() / 1000.0));
            return 0;
        }
    }

    @Command(name = "fundamentals", mixinStandardHelpOptions = true,
            defaultValueProvider = BenchCommand.FundamentalsDefaults.class,
            description = {"The S&P 500 fundamentals refresh: a long filings history (by default 500 companies x 10 fiscal"
                    + " years) and a quarter of prices through the bounded pipeline until every fundamentals and"
                    + " valuation row is in PostgreSQL; compared with the batch systems' 3 hours."})
    static final class Fundamentals implements Callable<Integer> {
        @Mixin
        Input input;

        @Mixin
        Runs runs;

        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            int n = runs.runs();
            FinstreamConfig c = config.load();
            inWorkDir(work -> FundamentalsBench.print(FundamentalsBench.run(c, input.resolve(work), n, runs.profile,
                    System.err), c, System.out));
            return 0;
        }
    }

    /** The fundamentals scenario's generated market: a quarter of prices, no portfolios, 10 years of filings. */
    static final class FundamentalsDefaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(CommandLine.Model.ArgSpec argument) {
            if (argument instanceof CommandLine.Model.OptionSpec option) {
                return switch (option.longestName()) {
                    case "--days" -> "63";
                    case "--portfolios" -> "0";
                    case "--filing-years" -> "10";
                    default -> null;
                };
            }
            return null;
        }
    }

    @Command(name = "daily-close", mixinStandardHelpOptions = true,
            description = {"A live job warm from the history; then each of the last --close-days dates is published"
                    + " alone and timed until all its symbols' final rows are readable in PostgreSQL."})
    static final class DailyClose implements Callable<Integer> {
        @Mixin
        Input input;

        @Option(names = "--close-days", defaultValue = "5", description = "New days measured (default: ${DEFAULT-VALUE})")
        int closeDays;

        @Option(names = "--quiet", defaultValue = "PT0.25S",
                description = "ingest.idle-flush: input quiet for this long completes the day (default: ${DEFAULT-VALUE})")
        Duration quiet;

        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            FinstreamConfig c = config.load();
            c.ingest.idleFlush = quiet;
            inWorkDir(work -> DailyCloseBench.run(c, input.resolve(work), closeDays, work, System.err).print(System.out, c));
            return 0;
        }
    }

    @Command(name = "live", mixinStandardHelpOptions = true,
            description = {"A live job warm from the history (without its trades); then a trading day: every portfolio"
                    + " opens its positions at the last close and the symbols tick at each of --rates for --step;"
                    + " latency from a tick's creation until a provisional symbol_daily row including it is readable"
                    + " in PostgreSQL. Stops after the first rate the job does not keep up with."})
    static final class Live implements Callable<Integer> {
        @Mixin
        Input input;

        @Option(names = "--rates", split = ",", defaultValue = "25000,50000,100000,200000,400000",
                description = "Ticks per second of the steps, increasing (default: ${DEFAULT-VALUE})")
        List<Integer> rates;

        @Option(names = "--step", defaultValue = "PT20S", description = "How long each rate lasts (default: ${DEFAULT-VALUE})")
        Duration step;

        @Option(names = "--live-portfolios", defaultValue = "1000",
                description = "Portfolios opening positions on the trading day (default: ${DEFAULT-VALUE})")
        int portfolios;

        @Option(names = "--positions", defaultValue = "21", description = "Positions per portfolio (default: ${DEFAULT-VALUE})")
        int positions;

        @Option(names = "--goal", defaultValue = "PT0.5S", description = "p99 latency to compare with (default: ${DEFAULT-VALUE})")
        Duration goal;

        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            if (step.isNegative() || step.isZero()) {
                throw new IllegalArgumentException("--step must be positive, got " + step);
            }
            for (int i = 1; i < rates.size(); i++) {
                if (rates.get(i) <= rates.get(i - 1)) {
                    throw new IllegalArgumentException("--rates must increase, got " + rates);
                }
            }
            FinstreamConfig c = config.load();
            inWorkDir(work -> LiveBench.run(c, input.resolve(work), rates, step, portfolios, positions, work, System.err)
                    .print(System.out, goal.toMillis()));
            return 0;
        }
    }
}
