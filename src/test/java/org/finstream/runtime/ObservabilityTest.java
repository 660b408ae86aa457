package org.finstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.finstream.cli.Main;
import org.finstream.config.FinstreamConfig;
import org.finstream.generator.GeneratorOptions;
import org.finstream.generator.MarketGenerator;
import org.finstream.ingest.KafkaInputSources;
import org.finstream.ingest.Replay;
import org.finstream.sinks.StoreSinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live job on the embedded stack with its Prometheus endpoint: finstream's own metrics count
 * exactly what went in and what was dead-lettered (checked against the input and the dead-letter
 * table), the latency histograms, event-time lag and RocksDB state sizes are exported, and
 * {@code finstream status} reports the job healthy while it runs and fails when it is gone.
 */
class ObservabilityTest {
    /** One Prometheus sample: metric name, labels, value. */
    private record Sample(String name, Map<String, String> labels, double value) {}

    /** Invalid records the generator writes: every one is a dead letter, one of each kind at least. */
    private static final int DIRTY = 30;
    private static final String PREFIX = "flink_taskmanager_job_task_operator_finstream_";
    private static final String LATENCY = PREFIX + "sink_event_time_to_sink_ms";
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void metricsCountWhatWentInAndStatusTellsHealth(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        new MarketGenerator().generate(GeneratorOptions.defaults(data).withSymbols(6).withDays(40).withPortfolios(3)
                .withSeed(11).withDirty(DIRTY));
        FinstreamConfig base = FinstreamConfig.defaults();
        base.flink.checkpointInterval = Duration.ofMillis(500);
        base.flink.restPort = freePort();
        int metricsPort = freePort();
        base.flink.metricsPort = Integer.toString(metricsPort);
        // the test counts dead letters exactly, so no valid record may become LATE: on a loaded machine a
        // partition read a few seconds late would otherwise be declared idle, or a slow fetch taken for a quiet
        // market, while the other partition moves the watermark on
        base.ingest.idleFlush = Duration.ZERO;
        base.ingest.idleTimeout = Duration.ofSeconds(30);
        try (EmbeddedStack stack = EmbeddedStack.start(base)) {
            FinstreamConfig c = stack.config();
            Replay.Summary published = Replay.run(data, c.kafka, 0, null);
            String restUrl = "http://localhost:" + c.flink.restPort;
            try (LiveJob live = LiveJob.start(c, new KafkaInputSources(c.kafka, false), new StoreSinks(c), null,
                    "finstream-live")) {
                // every record published is counted once as read, per topic
                Map<String, Double> expectedIn = new TreeMap<>();
                // Prometheus label values keep only [a-zA-Z0-9:_] (corporate-actions: corporate_actions)
                published.recordsPerTopic().forEach((topic, n) -> expectedIn.put(topic.replaceAll("[^a-zA-Z0-9:_]", "_"),
                        n.doubleValue()));
                List<Sample> samples = awaitMetrics(metricsPort, s -> expectedIn.equals(sum(s,
                        PREFIX + "topic_records_in", "topic"))
                        && deadLettersPerCode(c).equals(sum(s,
                                PREFIX + "error_code_dead_letters", "error_code",
                                v -> v > 0))
                        && total(deadLettersPerCode(c)) == DIRTY && rocksDbKeys(s, "accept_prices") > 0
                        && sum(s, LATENCY + "_count", "sink").getOrDefault("symbol_daily", 0.0) > 0,
                        () -> "records in " + expectedIn + ", dead letters " + deadLettersPerCode(c)
                                + ", RocksDB keys of accept-prices and symbol_daily rows");

                Map<String, Double> invalid = sum(samples, PREFIX + "topic_records_invalid",
                        "topic", v -> v > 0);
                double rejectedByParsing = invalid.values().stream().mapToDouble(Double::doubleValue).sum();
                assertTrue(rejectedByParsing > 0, "the dirty records include invalid ones: " + invalid);
                assertTrue(rejectedByParsing <= total(deadLettersPerCode(c)), "every invalid record is a dead letter");

                Map<String, Double> conflicting = sum(samples,
                        PREFIX + "topic_conflicting_duplicates", "topic", v -> v > 0);
                assertEquals(Map.of("prices", deadLettersPerCode(c).get("CONFLICTING_DUPLICATE")), conflicting,
                        "the generator's conflicting duplicate price, counted by the accept stage " + deadLettersPerCode(c));
                assertEquals(deadLettersPerCode(c).getOrDefault("LATE", 0.0), total(sum(samples,
                        PREFIX + "topic_late", "topic")));

                // the generated market lies in the past: its results reach the sink long after their event time
                for (Sample s : samples) {
                    if (s.name().equals(LATENCY)
                            && "symbol_daily".equals(s.labels().get("sink")) && !Double.isNaN(s.value())) {
                        assertTrue(s.value() > Duration.ofDays(1).toMillis(), s.toString());
                    }
                }
                assertTrue(samples.stream().anyMatch(s -> s.name().equals(
                        PREFIX + "topic_event_time_lag_ms")
                        && "prices".equals(s.labels().get("topic")) && s.value() > Duration.ofDays(1).toMillis()),
                        "event-time lag of the prices topic");
                // state size per operator and state: the duplicate check of prices keeps one key per bar
                assertTrue(rocksDbKeys(samples, "accept_prices") <= published.recordsPerTopic().get("prices"));

                awaitHealthy(restUrl);
                Captured text = Captured.run("status", "--rest-url", restUrl);
                assertEquals(0, text.code(), text.toString());
                assertTrue(text.out().contains("RUNNING") && text.out().contains("health       OK"), text.out());

                Captured json = Captured.run("status", "--rest-url", restUrl, "--json");
                JsonNode status = new ObjectMapper().readTree(json.out());
                assertEquals(0, json.code(), json.toString());
                assertEquals(live.id().toHexString(), status.get("job_id").asText());
                assertTrue(status.get("ready").asBoolean() && status.get("healthy").asBoolean(), json.out());
                assertEquals(status.get("tasks_total").asInt(), status.get("tasks_running").asInt());
                assertTrue(status.get("checkpoints_completed").asLong() > 0, json.out());
                assertEquals(0, status.get("restarts").asLong());

                Captured unknown = Captured.run("status", "--rest-url", restUrl, "--job", "0123456789abcdef0123456789abcdef");
                assertEquals(1, unknown.code(), unknown.toString());
                assertTrue(unknown.err().contains("0123456789abcdef0123456789abcdef"), unknown.err());
            }
            // cancelled: failing while it cancels (tasks not running, then no running job), then the in-process
            // cluster and its endpoint are gone
            long deadline = System.currentTimeMillis() + 60_000;
            Captured gone;
            do {
                gone = Captured.run("status", "--rest-url", restUrl);
                assertEquals(1, gone.code(), gone.toString());
            } while (!gone.err().contains("cannot reach") && System.currentTimeMillis() < deadline);
            assertTrue(gone.err().contains("cannot reach " + restUrl), gone.toString());
        }
    }

    /** Waits until the job's first checkpoint completes (status exits 0). */
    private static void awaitHealthy(String restUrl) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        Captured last = null;
        while (System.currentTimeMillis() < deadline) {
            last = Captured.run("status", "--rest-url", restUrl, "--max-checkpoint-age", "PT1M");
            if (last.code() == 0) {
                return;
            }
            Thread.sleep(500);
        }
        fail("never healthy: " + last);
    }

    private record Captured(int code, String out, String err) {
        static Captured run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
            return new Captured(code, out.toString(), err.toString());
        }
    }

    private static List<Sample> awaitMetrics(int port, java.util.function.Predicate<List<Sample>> done,
                                             Supplier<String> expected) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        List<Sample> samples = List.of();
        while (System.currentTimeMillis() < deadline) {
            samples = scrape(port);
            if (done.test(samples)) {
                return samples;
            }
            Thread.sleep(500);
        }
        fail("metrics never reached " + expected.get() + "; records in "
                + sum(samples, PREFIX + "topic_records_in", "topic") + ", dead letters "
                + sum(samples, PREFIX + "error_code_dead_letters", "error_code"));
        return samples;
    }

    private static List<Sample> scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<Sample> samples = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches()) {
                Map<String, String> labels = new TreeMap<>();
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
            }
        }
        return samples;
    }

    private static Map<String, Double> sum(List<Sample> samples, String name, String label) {
        return sum(samples, name, label, v -> true);
    }

    /** The metric summed over subtasks, by one label, keeping the sums that pass {@code keep}. */
    private static Map<String, Double> sum(List<Sample> samples, String name, String label,
                                           java.util.function.DoublePredicate keep) {
        Map<String, Double> sums = new TreeMap<>();
        for (Sample s : samples) {
            if (s.name().equals(name)) {
                sums.merge(s.labels().get(label), s.value(), Double::sum);
            }
        }
        sums.values().removeIf(v -> !keep.test(v));
        return sums;
    }

    private static double total(Map<String, Double> counts) {
        return counts.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** RocksDB's estimate of the keys in the "seen" state of an operator, over its subtasks. */
    private static double rocksDbKeys(List<Sample> samples, String operator) {
        return samples.stream().filter(s -> s.name().equals(
                        "flink_taskmanager_job_task_operator_seen_rocksdb_estimate_num_keys")
                        && operator.equals(s.labels().get("operator_name")))
                .mapToDouble(Sample::value).sum();
    }

    private static Map<String, Double> deadLettersPerCode(FinstreamConfig c) {
        Map<String, Double> counts = new TreeMap<>();
        try (Connection db = Schema.connect(c.postgres); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT error_code, count(*) FROM dead_letters GROUP BY error_code")) {
            while (rs.next()) {
                counts.put(rs.getString(1), (double) rs.getLong(2));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
