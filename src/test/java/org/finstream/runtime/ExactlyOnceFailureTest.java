package org.finstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.finstream.config.FinstreamConfig;
import org.finstream.generator.GeneratorOptions;
import org.finstream.generator.MarketGenerator;
import org.finstream.ingest.CsvLine;
import org.finstream.ingest.KafkaInputSources;
import org.finstream.ingest.Replay;
import org.finstream.jobs.MarketPipeline;
import org.finstream.records.SymbolDaily;
import org.finstream.sinks.DelegatingSinks;
import org.finstream.sinks.ResultExport;
import org.finstream.sinks.ResultSinks;
import org.finstream.sinks.StoreSinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under failure: the same generated input runs once cleanly and twice with an
 * operator that throws in the middle of the run (the job restarts from its last checkpoint),
 * once with the upsert PostgreSQL sinks and once with the XA ones. Every exported PostgreSQL
 * table and every read_committed result topic is identical between the runs, and no row is in
 * a topic twice.
 */
class ExactlyOnceFailureTest {
    /** Failures thrown so far, by the test run that armed them (the MiniCluster runs in this JVM). */
    private static final Map<String, AtomicInteger> THROWN = new java.util.concurrent.ConcurrentHashMap<>();
    private static final List<String> RESULT_TOPICS = List.of("symbol-metrics", "fundamentals", "valuation",
            "portfolio-metrics", "portfolio-live", "dead-letters");

    @Test
    void aFailureInTheMiddleOfARunChangesNoResult(@TempDir Path tmp) throws Exception {
        Path input = tmp.resolve("in");
        new MarketGenerator().generate(GeneratorOptions.defaults(input).withSymbols(12).withDays(160)
                .withPortfolios(10).withDirty(10).withSeed(5));

        Run clean = run(input, tmp.resolve("clean"), null, "at-least-once");
        THROWN.put("failing", new AtomicInteger());
        Run failing = run(input, tmp.resolve("failing"), "failing", "at-least-once");
        assertEquals(1, THROWN.get("failing").get(), "the operator threw once and the job recovered");
        THROWN.put("failing-xa", new AtomicInteger());
        Run xa = run(input, tmp.resolve("failing-xa"), "failing-xa", "exactly-once");
        assertEquals(1, THROWN.get("failing-xa").get(), "the operator threw once and the job recovered");

        assertTrue(clean.exported().get("symbol_daily.csv") > 1_500, clean.exported().toString());
        assertTrue(clean.exported().get("portfolio_daily.csv") > 500, clean.exported().toString());
        assertEquals(clean.exported(), failing.exported());
        assertEquals(clean.exported(), xa.exported());
        for (String table : clean.exported().keySet()) {
            List<String> expected = rows(tmp.resolve("clean").resolve(table));
            assertEquals(expected, rows(tmp.resolve("failing").resolve(table)), table);
            assertEquals(expected, rows(tmp.resolve("failing-xa").resolve(table)), table + " (XA)");
        }
        for (String topic : RESULT_TOPICS) {
            assertEquals(clean.topics().get(topic), failing.topics().get(topic), topic);
            assertEquals(clean.topics().get(topic), xa.topics().get(topic), topic + " (XA run)");
        }
        List<String> symbolMetrics = failing.topics().get("symbol-metrics");
        assertEquals(symbolMetrics.stream().distinct().count(), symbolMetrics.size(), "no row twice");
        assertTrue(symbolMetrics.size() > 1_500, "rows in the topic: " + symbolMetrics.size());
    }

    private record Run(Map<String, Long> exported, Map<String, List<String>> topics) {}

    /** One run on a fresh embedded stack; {@code failing} arms the throwing operator. */
    private static Run run(Path input, Path export, String failing, String delivery) throws Exception {
        FinstreamConfig base = FinstreamConfig.defaults();
        base.postgres.delivery = delivery;
        base.flink.checkpointInterval = java.time.Duration.ofMillis(500);
        base.flink.restartAttempts = 2;
        base.flink.restartDelay = java.time.Duration.ofMillis(200);
        try (EmbeddedStack stack = EmbeddedStack.start(base)) {
            FinstreamConfig c = stack.config();
            long prices = Replay.run(input, c.kafka, 0, null).recordsPerTopic().get(c.kafka.topic("prices"));
            StreamExecutionEnvironment env = FlinkEnvironments.local(c.flink, stack.stateDir());
            ResultSinks sinks = new StoreSinks(c);
            MarketPipeline.build(env, new KafkaInputSources(c.kafka, true),
                    failing == null ? sinks : new FailingOnce(sinks, failing, prices / 4), c);
            env.execute("finstream-exactly-once");
            Map<String, Long> exported;
            try (Connection db = Schema.connect(c.postgres)) {
                exported = ResultExport.export(db, export, c.metrics.spec());
            }
            Map<String, List<String>> topics = new TreeMap<>();
            for (String topic : RESULT_TOPICS) {
                List<String> values = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : StoreReader.readAll(c.kafka, c.kafka.topic(topic))) {
                    values.add(text(r.key()) + " " + (topic.equals("dead-letters")
                            ? StoreReader.header(r, "finstream.error.code") + " " + text(r.value()) : text(r.value())));
                }
                values.sort(null);
                topics.put(topic, values);
            }
            return new Run(exported, topics);
        }
    }

    /**
     * An exported table's lines; dead letters without their wall-clock {@code rejected_at} and
     * their partition and offset (the replay's producer puts a record without a key in any
     * partition), sorted.
     */
    private static List<String> rows(Path csv) throws java.io.IOException {
        List<String> lines = Files.readAllLines(csv);
        if (!csv.getFileName().toString().equals("dead_letters.csv")) {
            return lines;
        }
        List<String> header = CsvLine.split(lines.get(0));
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (!List.of("rejected_at", "partition", "offset").contains(header.get(i))) {
                kept.add(i);
            }
        }
        return lines.stream().map(l -> {
            List<String> fields = CsvLine.split(l);
            return kept.stream().map(fields::get).collect(java.util.stream.Collectors.joining("|"));
        }).sorted().toList();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "<null>" : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The store's sinks, with a map before the symbol rows' sinks that throws once, at its n-th row. */
    private static final class FailingOnce extends DelegatingSinks {
        private final String run;
        private final long n;

        FailingOnce(ResultSinks store, String run, long n) {
            super(store);
            this.run = run;
            this.n = n;
        }

        @Override
        public void symbolDaily(DataStream<SymbolDaily> rows) {
            store.symbolDaily(rows.map(new ThrowOnce(run, n)).name("throw-once").uid("throw-once"));
        }
    }

    /**
     * Passes rows on; the first attempt of subtask 0 throws at its n-th row (with two subtasks,
     * n = a quarter of the bars is about the middle of the run).
     */
    private static final class ThrowOnce extends RichMapFunction<SymbolDaily, SymbolDaily> {
        private final String run;
        private final long n;
        private transient long seen;
        private transient boolean armed;

        ThrowOnce(String run, long n) {
            this.run = run;
            this.n = n;
        }

        @Override
        public void open(OpenContext ctx) {
            armed = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0
                    && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
        }

        @Override
        public SymbolDaily map(SymbolDaily row) {
            if (armed && ++seen == n) {
                THROWN.get(run).incrementAndGet();
                throw new IllegalStateException("injected failure at row " + n);
            }
            return row;
        }
    }
}
