package org.finstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.finstream.cli.Main;
import org.finstream.config.FinstreamConfig;
import org.finstream.generator.GeneratorOptions;
import org.finstream.generator.MarketGenerator;
import org.finstream.ingest.CsvLine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark scenarios on a small generated market: they run, count what they processed,
 * check the SQL peer against finstream's rows, and time every new day; the CLI refuses bad
 * arguments. The figures themselves are for BENCHMARKS.md, not asserted here.
 */
class BenchScenariosTest {
    private static final int STOCKS = 12;
    private static final int DAYS = 70;

    @TempDir
    static Path tmp;
    static Path input;

    @BeforeAll
    static void generate() throws Exception {
        input = tmp.resolve("input");
        new MarketGenerator().generate(GeneratorOptions.defaults(input).withSymbols(STOCKS).withDays(DAYS)
                .withPortfolios(6).withSeed(11));
    }

    @Test
    void backfillRunsThePipelineAndTheCheckedPeerEachTime() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BackfillBench.Result result = BackfillBench.run(FinstreamConfig.defaults(), input, 2, true, true, true,
                new PrintStream(log, true, StandardCharsets.UTF_8));

        assertEquals(2, result.runs().size());
        long bars = Files.readAllLines(input.resolve("prices.csv")).size() - 1L;
        long records = 0;
        for (String f : List.of("prices.csv", "corporate_actions.csv", "reference.csv", "trades.csv")) {
            records += Files.readAllLines(input.resolve(f)).size() - 1L;
        }
        records += Files.readAllLines(input.resolve("filings.jsonl")).size();
        for (BackfillBench.Run run : result.runs()) {
            assertEquals(records, run.inputRecords());
            assertTrue(run.rowsWritten() > 2 * bars, "symbol and valuation rows at least: " + run.rowsWritten());
            assertEquals(result.runs().get(0).rowsWritten(), run.rowsWritten(), "every run writes the same rows");
            assertEquals(bars, run.peer().rows(), "the peer has a row per bar");
            assertTrue(run.comparison().matches(), run.comparison().toString());
            assertEquals(bars, run.flinkPeer().rows(), "the Flink SQL peer has a row per bar");
            assertTrue(run.flinkComparison().matches(), run.flinkComparison().toString());
            assertTrue(run.pipelineMillis() > 0 && run.eventsPerSecond() > 0);
        }
        Profile.Result profile = result.runs().get(0).profile();
        assertNotNull(profile, "the first run is profiled");
        assertNull(result.runs().get(1).profile(), "only the first");
        assertTrue(profile.samplesPerCategory().values().stream().mapToLong(Long::longValue).sum() > 0);
        assertTrue(profile.jvmCpuSeconds() > 0);
        assertTrue(result.pipelineSeconds().min() <= result.pipelineSeconds().median()
                && result.pipelineSeconds().median() <= result.pipelineSeconds().max());

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        result.print(new PrintStream(printed, true, StandardCharsets.UTF_8), 60);
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("pipeline Kafka->Flink->PG") && text.contains("SQL peer")
                && text.contains("Flink SQL peer check") && text.contains("profile of run 1"),
                text);
    }

    @Test
    void dailyCloseTimesEveryNewDayUntilAllItsRowsAreFinal() throws Exception {
        FinstreamConfig config = FinstreamConfig.defaults();
        config.ingest.idleFlush = Duration.ofMillis(250);
        DailyCloseBench.Result result = DailyCloseBench.run(config, input, 2, tmp.resolve("daily-close"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        List<String> prices = Files.readAllLines(input.resolve("prices.csv"));
        List<LocalDate> dates = prices.subList(1, prices.size()).stream()
                .map(l -> LocalDate.parse(CsvLine.split(l).get(1))).distinct().sorted().toList();
        assertEquals(dates.subList(dates.size() - 2, dates.size()),
                result.days().stream().map(DailyCloseBench.Day::date).toList(), "the last two dates, in order");
        for (DailyCloseBench.Day day : result.days()) {
            assertEquals(STOCKS + 8, day.bars());
            assertTrue(day.latencyMillis() >= 250, "a day is complete only after the quiet period: " + day);
        }
        assertEquals(prices.size() - 1 - 2 * (STOCKS + 8), result.historyBars());
        assertEquals(0, result.deadLetters());
    }

    @Test
    void liveMeasuresEveryTickFromCreationUntilARowIncludingItIsReadable() throws Exception {
        FinstreamConfig config = FinstreamConfig.defaults();
        config.ingest.idleFlush = Duration.ofMillis(250);
        LiveBench.Result result = LiveBench.run(config, input, List.of(200, 400), Duration.ofSeconds(3), 20, 5,
                tmp.resolve("live"), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertEquals(STOCKS + 8, result.symbols());
        assertEquals(List.of(200, 400), result.steps().stream().map(LiveBench.Step::targetRate).toList());
        for (LiveBench.Step step : result.steps()) {
            assertTrue(step.ticks() >= step.targetRate() * 3 * 0.95 && step.ticks() <= step.targetRate() * 3,
                    "paced at the rate for the step: " + step);
            assertTrue(step.keptUp(), "every tick became visible: " + step);
            assertEquals(step.ticks(), step.measured(), "a latency for every tick");
            assertTrue(step.p50() <= step.p99() && step.p99() <= step.max() && step.max() > 0, step.toString());
        }
        assertEquals(0, result.deadLetters());

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        result.print(new PrintStream(printed, true, StandardCharsets.UTF_8), 500);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("kept up"), printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fundamentalsRunsALongFilingsHistoryThroughThePipeline(@TempDir Path dir) throws Exception {
        Path filingsInput = dir.resolve("input");
        new MarketGenerator().generate(GeneratorOptions.defaults(filingsInput).withSymbols(6).withDays(30)
                .withPortfolios(0).withFilingYears(5).withSeed(3));
        FinstreamConfig config = FinstreamConfig.defaults();
        BackfillBench.Result result = FundamentalsBench.run(config, filingsInput, 1, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        List<JsonNode> filings = new ArrayList<>();
        for (String line : Files.readAllLines(filingsInput.resolve("filings.jsonl"))) {
            filings.add(new ObjectMapper().readTree(line));
        }
        BackfillBench.Run run = result.runs().get(0);
        assertEquals(filings.size(), run.recordsPerTopic().get("filings"));
        assertEquals(filings.stream().map(f -> f.get("symbol").asText() + " " + f.get("fiscal_year") + " "
                        + f.get("fiscal_period").asText()).distinct().count(), run.rowsPerTable().get("fundamentals"),
                "a row per company and fiscal period (an amendment restates its period's)");
        assertEquals(run.recordsPerTopic().get("prices"), run.rowsPerTable().get("valuation_daily"), "a valuation per bar");

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        FundamentalsBench.print(result, config, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(String.format("input: %,d filings", filings.size())) && text.contains("filings/s")
                && text.contains("batch target 3 h"), text);
    }

    @Test
    void theCommandLineRefusesBadArguments() {
        StringWriter err = new StringWriter();
        assertEquals(2, Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "bench", "nightly"));
        assertEquals(1, Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "bench", "backfill",
                "--runs", "0", "--data", input.toString()));
        assertTrue(err.toString().contains("--runs must be >= 1"), err.toString());
        assertEquals(1, Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "bench", "daily-close",
                "--close-days", "0", "--data", input.toString()));
        assertTrue(err.toString().contains("--close-days must be >= 1"), err.toString());
        assertEquals(1, Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "bench", "live",
                "--rates", "400,200", "--data", input.toString()));
        assertTrue(err.toString().contains("--rates must increase"), err.toString());
        assertEquals(1, Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "bench", "live",
                "--rates", "1000000", "--data", input.toString()));
        assertTrue(err.toString().contains("is not between 1 and 1,000 ticks a second per symbol"), err.toString());
        assertEquals(1, Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "bench", "fundamentals",
                "--runs", "0", "--data", input.toString()));
        assertTrue(err.toString().contains("--runs must be >= 1"), err.toString());
        assertEquals(1, Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "bench", "fundamentals",
                "--filing-years", "51"));
        assertTrue(err.toString().contains("filingYears must be in 0..50"), err.toString());
    }
}
