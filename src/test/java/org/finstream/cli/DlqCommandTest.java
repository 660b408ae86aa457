package org.finstream.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.DeadLetterFilter;
import org.finstream.ingest.DeadLetterLog;
import org.finstream.ingest.DeadLetterReplay;
import org.finstream.ingest.InputKind;
import org.finstream.ingest.KafkaInputSources;
import org.finstream.ingest.ReplayLog;
import org.finstream.ingest.TopicSnapshot;
import org.finstream.jobs.MarketPipeline;
import org.finstream.records.DeadLetterHeaders;
import org.finstream.records.ErrorCode;
import org.finstream.runtime.EmbeddedStack;
import org.finstream.runtime.FlinkEnvironments;
import org.finstream.runtime.Schema;
import org.finstream.runtime.Topics;
import org.finstream.sinks.StoreSinks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code finstream dlq} on the dead letters of a real run: dirty input through a real Kafka
 * broker, a Flink MiniCluster and PostgreSQL, then the commands in-process. Inspection first
 * (compared with the input and with the job's dead_letters table), then replays, which change
 * what the later steps see.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DlqCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NOT_UTF8 = {'{', (byte) 0xff, (byte) 0xfe, 0, 'A'};

    private record Sent(String topic, String key, byte[] value, ErrorCode code) {
        /** What identifies a dead letter of this record: source topic, key, code and raw bytes. */
        String fingerprint() {
            return topic + " " + key + " " + code + " " + Base64.getEncoder().encodeToString(value);
        }
    }

    /** A row of the job's dead_letters table. */
    private record Row(String source, String topic, String code, String key, Instant rejectedAt) {}

    private record Result(int exit, String out, String err) {}

    private final List<Sent> poison = new ArrayList<>();
    private EmbeddedStack stack;
    private FinstreamConfig c;

    @BeforeAll
    void runTheJobOverDirtyInput() throws Exception {
        FinstreamConfig base = FinstreamConfig.defaults();
        base.kafka.partitions = 1; // one ordered partition per input topic: which record is LATE is deterministic
        stack = EmbeddedStack.start(base);
        c = stack.config();
        try (Admin admin = Admin.create(Topics.clientProperties(c.kafka))) { // dead letters spread over two partitions
            admin.createPartitions(Map.of(c.kafka.topic("dead-letters"), NewPartitions.increaseTo(2))).all().get();
        }
        List<Sent> input = new ArrayList<>();
        LocalDate d0 = LocalDate.parse("2024-03-04");
        for (int day = 0; day < 5; day++) {
            for (String symbol : List.of("AAA", "BBB")) {
                input.add(price(symbol, d0.plusDays(day), 100 + day));
            }
            if (day == 2) {
                input.add(bad("prices", "AAA", "AAA,2024-03-06,1,200,1,150,1000", ErrorCode.CONFLICTING_DUPLICATE));
            }
        }
        input.add(bad("prices", "AAA", "AAA,2024-03-20,1,2,1,x,5", ErrorCode.BAD_NUMBER));
        input.add(bad("prices", "BBB", "BBB,2024-03-20,1,2,3,1,5", ErrorCode.HIGH_BELOW_LOW));
        input.add(bad("prices", "AAA", "AAA,2024-03-20,1,2", ErrorCode.UNPARSEABLE));
        // three days behind the newest bar, two more than the allowed lateness (P1D)
        input.add(bad("prices", "CCC", "CCC,2024-03-05,10,11,9,10,5", ErrorCode.LATE));
        input.add(new Sent("trades", "P1", "P1,AAA,2024-03-05,10,101".getBytes(StandardCharsets.UTF_8), null));
        input.add(bad("trades", "P1", "P1,AAA,2024-03-20,10,0", ErrorCode.NON_POSITIVE_PRICE));
        input.add(bad("trades", "P2", "P2,aaa,2024-03-06,5,100", ErrorCode.BAD_SYMBOL));
        input.add(bad("corporate-actions", "AAA", "AAA,2024-03-20,split,-2", ErrorCode.BAD_SPLIT_RATIO));
        Sent binary = new Sent("filings", "AAA", NOT_UTF8, ErrorCode.UNPARSEABLE);
        poison.add(binary);
        input.add(binary);
        publish(input);
        runJob();
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    @Test
    @Order(1)
    void listShowsEveryDeadLetterOnceAndFiltersSelectExactlyTheMatchingOnes() throws Exception {
        List<JsonNode> all = listJson();
        assertEquals(sorted(poison.stream().map(Sent::fingerprint).toList()), sorted(all.stream().map(j ->
                j.get("source_topic").asText() + " " + j.get("key").asText() + " " + j.get("error_code").asText() + " "
                        + Base64.getEncoder().encodeToString(raw(j))).toList()), "one dead letter per bad record");
        assertEquals(sorted(table().stream().map(Row::source).toList()), sources(all), "the same as the job's table");
        assertTrue(all.stream().anyMatch(j -> j.get("id").asText().startsWith("1:")), "both partitions are read");
        assertTrue(all.stream().noneMatch(j -> j.get("replayed").asBoolean()));

        assertSelects(r -> r.code().equals("LATE"), "--code", "LATE");
        assertSelects(r -> Set.of("UNPARSEABLE", "BAD_NUMBER").contains(r.code()), "--code", "unparseable", "--code", "BAD_NUMBER");
        assertSelects(r -> r.topic().equals("trades"), "--topic", "trades");
        assertSelects(r -> "AAA".equals(r.key()), "--key", "AAA");
        assertSelects(r -> r.topic().equals("prices") && "AAA".equals(r.key()) && r.code().equals("UNPARSEABLE"),
                "--topic", "prices", "--key", "AAA", "--code", "UNPARSEABLE");
        List<Instant> times = table().stream().map(Row::rejectedAt).distinct().sorted().toList();
        Instant middle = times.get(times.size() / 2);
        assertSelects(r -> !r.rejectedAt().isBefore(middle), "--from", middle.toString());
        assertSelects(r -> r.rejectedAt().isBefore(middle), "--to", middle.toString());
        String day = LocalDate.ofInstant(times.get(0), ZoneOffset.UTC).toString();
        assertSelects(r -> true, "--from", day);
        assertEquals(List.of(), listJson("--to", day), "nothing before the day of the first rejection");

        List<String> ids = all.stream().map(j -> j.get("id").asText()).toList();
        assertEquals(ids.subList(0, 3), listJson("--limit", "3").stream().map(j -> j.get("id").asText()).toList());
        assertTrue(dlq("list", "--limit", "3").out().endsWith("\n3 dead letters (of " + ids.size() + ")\n"));

        Result text = dlq("list", "--topic", "prices");
        List<String> lines = text.out().lines().toList();
        List<JsonNode> prices = listJson("--topic", "prices");
        assertEquals(prices.size() + 2, lines.size(), text.out());
        assertEquals(prices.size() + " dead letters", lines.get(lines.size() - 1));
        int codeColumn = lines.get(0).indexOf("code");
        int sourceColumn = lines.get(0).indexOf("source");
        for (int i = 0; i < prices.size(); i++) {
            JsonNode j = prices.get(i);
            String line = lines.get(i + 1);
            assertTrue(line.startsWith(j.get("id").asText() + " "), line);
            assertTrue(line.startsWith(j.get("error_code").asText() + " ", codeColumn), "aligned: " + text.out());
            assertTrue(line.startsWith("prices/0@" + j.get("source_offset").asText() + " ", sourceColumn), line);
        }
    }

    @Test
    @Order(2)
    void statsCountTheSameAsTheTableGroupedByCodeAndTopic() throws Exception {
        assertStatsMatchTable("", 0);
        assertStatsMatchTable("AAA", 0);
    }

    @Test
    @Order(3)
    void showPrintsEveryFieldTheRawRecordAndItsColumns() throws Exception {
        JsonNode highBelowLow = listJson("--code", "HIGH_BELOW_LOW").get(0);
        Result shown = dlq("show", highBelowLow.get("id").asText());
        assertEquals(0, shown.exit(), shown.err());
        List<String> lines = shown.out().lines().toList();
        assertTrue(lines.contains("raw (24 bytes, UTF-8):"), shown.out());
        assertTrue(lines.contains("  BBB,2024-03-20,1,2,3,1,5"), shown.out());
        assertTrue(lines.contains("columns (prices):"), shown.out());
        for (String column : List.of("symbol +BBB", "date +2024-03-20", "open +1", "high +2", "low +3", "close +1",
                "volume +5")) {
            assertTrue(lines.stream().anyMatch(l -> l.matches("  " + column)), column + " in " + shown.out());
        }
        assertTrue(lines.stream().anyMatch(l -> l.matches("error code +HIGH_BELOW_LOW")), shown.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("source +prices/0@" + highBelowLow.get("source_offset"))),
                shown.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("operator +ingest-parse:prices")), shown.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("rejected at +" + highBelowLow.get("rejected_at").asText())));
        assertTrue(lines.contains("replays: none"), shown.out());

        String tooShort = listJson("--topic", "prices", "--code", "UNPARSEABLE").get(0).get("id").asText();
        List<String> partial = dlq("show", tooShort).out().lines().toList();
        assertTrue(partial.stream().anyMatch(l -> l.matches("  high +2")), "the values there are: " + partial);
        assertFalse(partial.stream().anyMatch(l -> l.matches("  (low|close|volume) .*")), partial.toString());

        String binary = listJson("--topic", "filings").get(0).get("id").asText();
        Result dump = dlq("show", binary);
        assertTrue(dump.out().contains("raw (5 bytes, not UTF-8):\n  00000000  7b ff fe 00 41"), dump.out());
        assertTrue(dump.out().contains("|{...A|"), dump.out());
        assertFalse(dump.out().contains("columns"), "filings are JSON: " + dump.out());

        Result unknown = dlq("show", "1:999999");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("finstream dlq show: no dead letter 1:999999 in topic 'dead-letters'"), unknown.err());
    }

    @Test
    @Order(4)
    void replayPublishesTheSelectionOnceInOneTransactionAndTheJobProcessesItAgain() throws Exception {
        Result bare = dlq("replay");
        assertEquals(2, bare.exit());
        assertTrue(bare.err().contains("say what to replay"), bare.err());

        String[] lateAndBadNumber = {"--code", "LATE", "--code", "BAD_NUMBER"};
        String nextRun = startAtTheEndOfTheInput("after-replay");
        int pricesBefore = records("prices").size();
        Result dry = dlq(args("replay", lateAndBadNumber, "--dry-run"));
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.out().contains("would replay 2 dead letters\n  prices  2\nwould skip 0 already replayed"), dry.out());
        assertEquals(pricesBefore, records("prices").size(), "a dry run publishes nothing");
        assertEquals(Map.of(), ReplayLog.read(c.kafka));

        // new bars arrive; the late one replayed after them is still three days behind the newest
        publish(List.of(price("AAA", LocalDate.parse("2024-03-11"), 110), price("AAA", LocalDate.parse("2024-03-12"), 111)));
        List<JsonNode> chosen = listJson(lateAndBadNumber);
        Result replay = dlq(args("replay", lateAndBadNumber));
        assertEquals(0, replay.exit(), replay.err());
        assertEquals("replayed 2 dead letters\n  prices  2\nskipped 0 already replayed\n", replay.out());
        List<ConsumerRecord<byte[], byte[]>> published = records("prices");
        List<ConsumerRecord<byte[], byte[]>> replayed = published.subList(pricesBefore + 2, published.size());
        assertEquals(chosen.size(), replayed.size());
        Map<String, List<ReplayLog.Replay>> log = ReplayLog.read(c.kafka);
        for (int i = 0; i < chosen.size(); i++) {
            JsonNode dead = chosen.get(i);
            ConsumerRecord<byte[], byte[]> r = replayed.get(i);
            assertArrayEquals(raw(dead), r.value(), "byte for byte");
            assertEquals(dead.get("key").asText(), new String(r.key(), StandardCharsets.UTF_8));
            assertEquals("dead-letters/" + dead.get("id").asText(),
                    new String(r.headers().lastHeader(DeadLetterHeaders.REPLAY_OF).value(), StandardCharsets.UTF_8));
            ReplayLog.Replay logged = log.get(dead.get("id").asText()).get(0);
            assertEquals("prices/0@" + r.offset(), logged.target());
        }
        assertEquals(2, log.size());

        Result again = dlq(args("replay", lateAndBadNumber));
        assertEquals("replayed 0 dead letters\nskipped 2 already replayed (--force replays them again)\n", again.out());
        assertEquals(published.size(), records("prices").size());
        assertEquals(2, listJson().stream().filter(j -> j.get("replayed").asBoolean()).count());
        assertTrue(dlq("list", "--code", "LATE").out().lines().skip(1).findFirst().orElseThrow().endsWith("  replayed"));
        assertStatsMatchTable("", 2);
        String lateId = chosen.stream().filter(j -> j.get("error_code").asText().equals("LATE")).findFirst()
                .orElseThrow().get("id").asText();
        assertTrue(dlq("show", lateId).out().contains("replays:\n  " + log.get(lateId).get(0).replayedAt() + " -> "
                + log.get(lateId).get(0).target() + "\n"));

        // the job goes on where the first run ended, now allowing 30 days of lateness
        assertEquals(0, count("SELECT count(*) FROM symbol_daily WHERE symbol = 'CCC'"), "rejected as LATE");
        Instant firstRunOver = table().stream().map(Row::rejectedAt).max(Comparator.naturalOrder()).orElseThrow();
        c.ingest.allowedLateness = Duration.ofDays(30);
        c.kafka.consumerGroup = nextRun;
        runJob();
        assertEquals(1, count("SELECT count(*) FROM symbol_daily WHERE symbol = 'CCC' AND date = '2024-03-05'"
                + " AND NOT provisional AND close = 10"), "the replayed bar is accepted now");
        assertEquals(2, count("SELECT count(*) FROM symbol_daily WHERE symbol = 'AAA' AND date >= '2024-03-11'"));
        List<JsonNode> secondRun = listJson("--from", firstRunOver.plusMillis(1).toString());
        assertEquals(1, secondRun.size(), "only the replayed bad number is dead-lettered again: " + secondRun);
        JsonNode again1 = secondRun.get(0);
        ReplayLog.Replay badNumberReplay = log.get(chosen.stream().filter(j -> j.get("error_code").asText()
                .equals("BAD_NUMBER")).findFirst().orElseThrow().get("id").asText()).get(0);
        assertEquals("BAD_NUMBER", again1.get("error_code").asText());
        assertEquals(badNumberReplay.targetOffset(), again1.get("source_offset").asLong(), "at its new offset");
        assertStatsMatchTable("", 2);

        Result partly = dlq("replay", "--code", "BAD_NUMBER");
        assertEquals("replayed 1 dead letter\n  prices  1\nskipped 1 already replayed (--force replays them again)\n",
                partly.out());
        Result forced = dlq("replay", lateId, "--force");
        assertEquals("replayed 1 dead letter\n  prices  1\nskipped 0 already replayed\n", forced.out());
        assertEquals(2, ReplayLog.read(c.kafka).get(lateId).size());
        assertEquals(published.size() + 2, records("prices").size());

        String highBelowLow = listJson("--code", "HIGH_BELOW_LOW").get(0).get("id").asText();
        Result missing = dlq("replay", highBelowLow, "--to-topic", "quarantine");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("finstream dlq replay: cannot replay to [quarantine]"), missing.err());
        try (Admin admin = Admin.create(Topics.clientProperties(c.kafka))) {
            admin.createTopics(List.of(new NewTopic("quarantine", 1, (short) 1))).all().get();
        }
        Result quarantined = dlq("replay", highBelowLow, "--to-topic", "quarantine");
        assertEquals("replayed 1 dead letter\n  quarantine  1\nskipped 0 already replayed\n", quarantined.out());
        ConsumerRecord<byte[], byte[]> q = records("quarantine").get(0);
        assertEquals("BBB,2024-03-20,1,2,3,1,5", new String(q.value(), StandardCharsets.UTF_8));
        assertEquals("BBB", new String(q.key(), StandardCharsets.UTF_8));
    }

    @Test
    @Order(5)
    void ofTwoConcurrentReplaysOnlyTheOneOpenedLastCommits() throws Exception {
        DeadLetterLog.Entry e = DeadLetterLog.read(c.kafka,
                new DeadLetterFilter(null, Set.of(ErrorCode.NON_POSITIVE_PRICE), null, null, null)).get(0);
        int before = records("trades").size();
        try (DeadLetterReplay first = DeadLetterReplay.open(c.kafka); DeadLetterReplay second = DeadLetterReplay.open(c.kafka)) {
            DeadLetterReplay.Plan stale = DeadLetterReplay.plan(List.of(e), first.log(), false, null);
            assertEquals(1, second.execute(DeadLetterReplay.plan(List.of(e), second.log(), false, null)).size());
            assertEquals(List.of(e), stale.replay(), "the first one read the log before the second replayed");
            Exception fenced = assertThrows(Exception.class, () -> first.execute(stale));
            assertTrue(causes(fenced, ProducerFencedException.class), fenced.toString());
        }
        List<ConsumerRecord<byte[], byte[]>> trades = records("trades");
        assertEquals(before + 1, trades.size(), "replayed once");
        assertArrayEquals(e.raw(), trades.get(before).value());
        assertEquals(1, ReplayLog.read(c.kafka).get(e.id()).size());
    }

    @Test
    @Order(6)
    void theReplayLogIsCompactedTheOtherTopicsAreNot() throws Exception {
        ConfigResource log = new ConfigResource(ConfigResource.Type.TOPIC, c.kafka.topic("dead-letter-replays"));
        ConfigResource deadLetters = new ConfigResource(ConfigResource.Type.TOPIC, c.kafka.topic("dead-letters"));
        try (Admin admin = Admin.create(Topics.clientProperties(c.kafka))) {
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(log, deadLetters)).all().get();
            assertEquals("compact", configs.get(log).get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertEquals("delete", configs.get(deadLetters).get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
        }
    }

    private static boolean causes(Throwable t, Class<? extends Throwable> type) {
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (type.isInstance(x)) {
                return true;
            }
        }
        return false;
    }

    /** `dlq list --json` with these filters selects exactly the table's rows that pass {@code expected}. */
    private void assertSelects(Predicate<Row> expected, String... filters) throws Exception {
        List<String> want = sorted(table().stream().filter(expected).map(Row::source).toList());
        assertFalse(want.isEmpty(), "a filter that selects something: " + String.join(" ", filters));
        assertEquals(want, sources(listJson(filters)), String.join(" ", filters));
    }

    /** `dlq stats` for one key (or all) against the table grouped by code and topic. */
    private void assertStatsMatchTable(String key, long replayed) throws Exception {
        Map<String, Map<String, Long>> expected = new HashMap<>();
        table().stream().filter(r -> key.isEmpty() || key.equals(r.key())).forEach(r -> expected
                .computeIfAbsent(r.code(), k -> new HashMap<>()).merge(r.topic(), 1L, Long::sum));
        Result stats = key.isEmpty() ? dlq("stats") : dlq("stats", "--key", key);
        assertEquals(0, stats.exit(), stats.err());
        List<String[]> rows = stats.out().lines().map(l -> l.trim().split(" +")).toList();
        String[] header = rows.get(0);
        assertEquals(List.of("total", "replayed"), List.of(header).subList(header.length - 2, header.length), stats.out());
        Map<String, Map<String, Long>> counted = new HashMap<>();
        Map<String, Long> columnTotals = new HashMap<>();
        for (String[] row : rows.subList(1, rows.size() - 1)) {
            long total = 0;
            for (int i = 1; i < header.length - 2; i++) {
                if (!row[i].equals("-")) {
                    counted.computeIfAbsent(row[0], k -> new HashMap<>()).put(header[i], Long.parseLong(row[i]));
                    columnTotals.merge(header[i], Long.parseLong(row[i]), Long::sum);
                    total += Long.parseLong(row[i]);
                }
            }
            assertEquals(total, Long.parseLong(row[header.length - 2]), "row total of " + row[0]);
        }
        assertEquals(expected, counted, stats.out());
        String[] totals = rows.get(rows.size() - 1);
        assertEquals("total", totals[0]);
        for (int i = 1; i < header.length - 2; i++) {
            assertEquals(columnTotals.get(header[i]), Long.parseLong(totals[i]), header[i]);
        }
        assertEquals(expected.values().stream().mapToLong(m -> m.values().stream().mapToLong(Long::longValue).sum()).sum(),
                Long.parseLong(totals[header.length - 2]));
        assertEquals(replayed, Long.parseLong(totals[header.length - 1]), stats.out());
    }

    private List<JsonNode> listJson(String... filters) throws Exception {
        Result r = dlq(args("list", filters, "--json"));
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static List<String> sources(List<JsonNode> listed) {
        return sorted(listed.stream().map(j -> j.get("source_topic").asText() + "/" + j.get("source_partition").asInt()
                + "@" + j.get("source_offset").asLong()).toList());
    }

    private static byte[] raw(JsonNode j) {
        return j.has("raw") ? j.get("raw").asText().getBytes(StandardCharsets.UTF_8)
                : Base64.getDecoder().decode(j.get("raw_base64").asText());
    }

    private Result dlq(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("dlq"));
        all.addAll(List.of(args));
        all.addAll(List.of("--set", "kafka.bootstrap-servers=" + c.kafka.bootstrapServers));
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    private static String[] args(String command, String[] middle, String... last) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(middle));
        all.addAll(List.of(last));
        return all.toArray(String[]::new);
    }

    private List<Row> table() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection db = Schema.connect(c.postgres); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT source_topic, source_partition, source_offset, error_code,"
                     + " record_key, rejected_at FROM dead_letters")) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1) + "/" + rs.getInt(2) + "@" + rs.getLong(3), rs.getString(1),
                        rs.getString(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant()));
            }
        }
        return rows;
    }

    private long count(String sql) throws SQLException {
        try (Connection db = Schema.connect(c.postgres); Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        assertTrue(TopicSnapshot.read(c.kafka, topic, records::add), topic);
        records.sort(Comparator.comparing(ConsumerRecord::offset));
        return records;
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }

    private Sent bad(String topic, String key, String line, ErrorCode code) {
        Sent s = new Sent(topic, key, line.getBytes(StandardCharsets.UTF_8), code);
        poison.add(s);
        return s;
    }

    private static Sent price(String symbol, LocalDate date, double close) {
        String line = symbol + "," + date + "," + close + "," + (close + 1) + "," + (close - 1) + "," + close + ",1000";
        return new Sent("prices", symbol, line.getBytes(StandardCharsets.UTF_8), null);
    }

    private void publish(List<Sent> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Topics.producerProperties(c.kafka))) {
            for (Sent s : records) {
                producer.send(new ProducerRecord<>(s.topic(), s.key().getBytes(StandardCharsets.UTF_8), s.value()));
            }
        }
    }

    /**
     * A consumer group whose committed offsets are the input topics' current ends, so a job of
     * that group reads only what is published from now on. (A bounded job's own commit of its
     * final offsets is asynchronous and may not happen before the job ends.)
     */
    private String startAtTheEndOfTheInput(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Topics.consumerProperties(c.kafka, null))) {
            for (InputKind<?> kind : InputKind.ALL) {
                String topic = c.kafka.topic(kind.defaultTopic());
                consumer.endOffsets(consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition()))
                        .toList()).forEach((tp, end) -> ends.put(tp, new OffsetAndMetadata(end)));
            }
        }
        try (Admin admin = Admin.create(Topics.clientProperties(c.kafka))) {
            admin.alterConsumerGroupOffsets(group, ends).all().get();
        }
        return group;
    }

    /** The pipeline over what the input topics hold beyond the consumer group's committed offsets. */
    private void runJob() throws Exception {
        StreamExecutionEnvironment env = FlinkEnvironments.local(c.flink, stack.stateDir());
        MarketPipeline.build(env, new KafkaInputSources(c.kafka, true), new StoreSinks(c), c);
        env.execute("dlq-test");
    }
}
