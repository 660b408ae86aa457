package org.finstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.finstream.cli.Main;
import org.finstream.config.FinstreamConfig;
import org.finstream.generator.GeneratorOptions;
import org.finstream.generator.MarketGenerator;
import org.finstream.ingest.CsvLine;
import org.finstream.ingest.KafkaInputSources;
import org.finstream.ingest.Replay;
import org.finstream.records.SymbolDaily;
import org.finstream.sinks.DelegatingSinks;
import org.finstream.sinks.ResultExport;
import org.finstream.sinks.ResultSinks;
import org.finstream.sinks.StoreSinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfill then live: a generated history and the records after it are in Kafka; the backfill
 * reads up to the cut-over time and stops with a savepoint; the live job starts from it, with
 * one more (new, stateful) operator than the backfill had, and continues with the rest. Every
 * exported table ends up identical to one uninterrupted bounded run over everything, and the
 * result topic holds every row once: no record was lost or read twice at the cut-over, and the
 * existing state was restored without allowNonRestoredState. Then the live job takes a savepoint
 * and is stopped with one through the CLI.
 */
class BackfillThenLiveTest {
    @Test
    void backfillUntilACutOverThenLiveEqualsOneUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path all = tmp.resolve("all");
        new MarketGenerator().generate(GeneratorOptions.defaults(all).withSymbols(10).withDays(120).withPortfolios(8)
                .withSeed(7));
        LocalDate cut = LocalDate.parse(CsvLine.split(Files.readAllLines(all.resolve("prices.csv")).get(1)).get(1))
                .plusDays(120);
        Path first = tmp.resolve("first");
        Path rest = tmp.resolve("rest");
        split(all, cut, first, rest);

        Path expected = tmp.resolve("expected");
        LocalRun.run(FinstreamConfig.defaults(), all, expected, new PrintStream(new ByteArrayOutputStream()));

        FinstreamConfig base = FinstreamConfig.defaults();
        base.flink.checkpointInterval = Duration.ofMillis(500);
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            base.flink.restPort = socket.getLocalPort(); // the live job's REST endpoint, for savepoint and stop
        }
        base.ingest.idleFlush = Duration.ofSeconds(1);
        try (EmbeddedStack stack = EmbeddedStack.start(base)) {
            FinstreamConfig c = stack.config();
            // the history is published, then the live records after it: the backfill reads up to
            // the first record published after `cut-over`
            Replay.run(first, c.kafka, 0, null);
            Thread.sleep(20);
            Instant cutOver = Instant.now();
            Thread.sleep(20);
            Replay.run(rest, c.kafka, 0, null);
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            String savepoint = Backfill.run(c, null, cutOver, tmp.resolve("savepoints"), StoreSinks.forBackfill(c),
                    new PrintStream(progress, true, StandardCharsets.UTF_8));
            assertTrue(Files.isDirectory(Path.of(java.net.URI.create(savepoint))), savepoint);
            assertTrue(progress.toString(StandardCharsets.UTF_8).contains("(100%)"), progress.toString());
            assertTrue(progress.toString(StandardCharsets.UTF_8).contains(String.format("backfill: %,d records in",
                    records(first))), "the backfill reads the history's records only: " + progress);

            try (LiveJob live = LiveJob.start(c, new KafkaInputSources(c.kafka, false),
                    new WithNewOperator(new StoreSinks(c)), savepoint, "finstream-live")) {
                awaitSameExport(c, expected, tmp.resolve("actual"), Duration.ofSeconds(120));
                // the live job went on from the savepoint's offsets: the backfill's rows and the live
                // job's rows together are every row exactly once (a fresh start would repeat history)
                List<String> published = new ArrayList<>();
                ObjectMapper json = new ObjectMapper();
                for (var r : StoreReader.readAll(c.kafka, c.kafka.topic("symbol-metrics"))) {
                    var row = json.readTree(r.value());
                    published.add(row.get("symbol").asText() + " " + row.get("date").asText());
                }
                long rows = Files.readAllLines(expected.resolve("symbol_daily.csv")).size() - 1L;
                assertEquals(rows, published.size(), "rows in the symbol-metrics topic");
                assertEquals(rows, published.stream().distinct().count());

                String restUrl = "http://localhost:" + c.flink.restPort;
                Path manual = tmp.resolve("manual");
                assertEquals(0, Main.execute("savepoint", "--rest-url", restUrl, "--dir", manual.toUri().toString()));
                assertTrue(!live.ended(), "a savepoint leaves the job running");
                assertEquals(0, Main.execute("stop", "--savepoint", "--rest-url", restUrl, "--job", live.id().toHexString(),
                        "--dir", manual.toUri().toString()));
                long deadline = System.currentTimeMillis() + 30_000;
                while (!live.ended() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                assertTrue(live.ended(), "stopped");
                try (var savepoints = Files.list(manual)) {
                    assertEquals(2, savepoints.filter(p -> p.getFileName().toString().startsWith("savepoint-")).count());
                }
            }
        }
    }

    /** Polls the export until every table equals the expected one, or fails with the first difference. */
    private static void awaitSameExport(FinstreamConfig c, Path expected, Path actual, Duration timeout) throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        String difference;
        do {
            Thread.sleep(2000);
            try (Connection db = Schema.connect(c.postgres)) {
                ResultExport.export(db, actual, c.metrics.spec());
            }
            difference = firstDifference(expected, actual);
            if (difference == null) {
                return;
            }
        } while (System.currentTimeMillis() < deadline);
        fail("the live results did not become those of the uninterrupted run: " + difference);
    }

    private static String firstDifference(Path expected, Path actual) throws Exception {
        List<Path> files;
        try (var list = Files.list(expected)) {
            files = list.sorted().toList();
        }
        for (Path e : files) {
            List<String> want = Files.readAllLines(e);
            List<String> got = Files.readAllLines(actual.resolve(e.getFileName()));
            if (!want.equals(got)) {
                for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
                    String w = i < want.size() ? want.get(i) : "<none>";
                    String g = i < got.size() ? got.get(i) : "<none>";
                    if (!w.equals(g)) {
                        return e.getFileName() + " line " + (i + 1) + " (" + got.size() + " of " + want.size()
                                + " lines): expected " + w + " but was " + g;
                    }
                }
            }
        }
        return null;
    }

    /** The input records of a folder: CSV lines but headers, JSON lines. */
    private static long records(Path dir) throws Exception {
        long n = 0;
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                n += Files.readAllLines(f).size() - (f.toString().endsWith(".csv") ? 1 : 0);
            }
        }
        return n;
    }

    /** Writes the records dated on or before {@code cut} to {@code first}, the later ones to {@code rest}. */
    private static void split(Path all, LocalDate cut, Path first, Path rest) throws Exception {
        Files.createDirectories(first);
        Files.createDirectories(rest);
        Map<String, Integer> dateColumn = Map.of("prices.csv", 1, "corporate_actions.csv", 1, "trades.csv", 2);
        ObjectMapper json = new ObjectMapper();
        List<Path> files;
        try (var list = Files.list(all)) {
            files = list.sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            List<String> lines = Files.readAllLines(f);
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (name.endsWith(".jsonl")) {
                    (LocalDate.parse(json.readTree(line).get("filed").asText()).isAfter(cut) ? b : a).add(line);
                } else if (i == 0) {
                    a.add(line);
                    b.add(line);
                } else if (!dateColumn.containsKey(name)) {
                    a.add(line); // reference data
                } else {
                    LocalDate d = LocalDate.parse(CsvLine.split(line).get(dateColumn.get(name)));
                    (d.isAfter(cut) ? b : a).add(line);
                }
            }
            Files.write(first.resolve(name), a);
            if (b.size() > (name.endsWith(".jsonl") ? 0 : 1)) {
                Files.write(rest.resolve(name), b);
            }
        }
        assertTrue(Files.exists(rest.resolve("prices.csv")) && Files.exists(rest.resolve("trades.csv")));
        assertEquals(Files.readAllLines(all.resolve("prices.csv")).size() + 1,
                Files.readAllLines(first.resolve("prices.csv")).size() + Files.readAllLines(rest.resolve("prices.csv")).size());
    }

    /** The store's sinks plus an operator the backfill's job did not have: a keyed count of symbol rows. */
    private static final class WithNewOperator extends DelegatingSinks {
        WithNewOperator(ResultSinks store) {
            super(store);
        }

        @Override
        public void symbolDaily(DataStream<SymbolDaily> rows) {
            store.symbolDaily(rows);
            rows.keyBy(SymbolDaily::getSymbol, Types.STRING).process(new CountRows(), Types.LONG)
                    .name("new-row-count").uid("new-row-count")
                    .sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
                    .name("new-row-count-discard").uid("new-row-count-discard");
        }
    }

    private static final class CountRows extends KeyedProcessFunction<String, SymbolDaily, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(SymbolDaily row, Context ctx, Collector<Long> out) throws Exception {
            long n = count.value() == null ? 1 : count.value() + 1;
            count.update(n);
            out.collect(n);
        }
    }
}
