package org.finstream.fetch;

import static org.finstream.fetch.FetchTestKit.execute;
import static org.finstream.fetch.FetchTestKit.settings;
import static org.finstream.fetch.FetchTestKit.topic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.EdgarConcepts;
import org.finstream.ingest.EdgarImport;
import org.finstream.ingest.TopicSnapshot;
import org.finstream.records.DeadLetterHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fetch edgar} against a loopback SEC (serving companyfacts with an {@code ETag} or a
 * {@code Last-Modified}, answering 304 when the client has the current version) and a real Kafka
 * broker: the filings topic holds exactly what {@code import-edgar} makes of the same JSON, each
 * filing once; unchanged facts cost a 304 and publish nothing; a new accession is published alone;
 * unusable answers are dead letters; the command sends SEC's User-Agent and keeps to 10 requests/s.
 */
class EdgarFetcherTest {
    private static final Path FUNDAMENTALS = Path.of("..", "shared", "data", "fundamentals");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EdgarImport IMPORT = new EdgarImport(EdgarConcepts.defaults());
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @RegisterExtension
    static final FetchTestKit kafka = new FetchTestKit();

    /** One company's companyfacts as the loopback SEC serves it; each change is a new version. */
    private static final class Served {
        final EdgarFetcher.Company company;
        final boolean etag;
        private ObjectNode facts;
        private String body;
        private int version;

        /** @param etag whether versions are told by an {@code ETag} (else by {@code Last-Modified}) */
        Served(EdgarFetcher.Company company, ObjectNode facts, boolean etag) throws Exception {
            this.company = company;
            this.etag = etag;
            this.facts = facts;
            this.body = JSON.writeValueAsString(facts);
        }

        String path() {
            return "/api/xbrl/companyfacts/CIK" + company.cik() + ".json";
        }

        synchronized String validator() {
            return etag ? "\"v" + version + "\"" : DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    T0.minus(Duration.ofDays(30 - version)).atOffset(ZoneOffset.UTC));
        }

        synchronized LoopbackProvider.Answer answer() {
            return LoopbackProvider.Answer.ok(body).withHeader(etag ? "ETag" : "Last-Modified", validator());
        }

        synchronized void change(Consumer<ObjectNode> edit) throws Exception {
            edit.accept(facts);
            body = JSON.writeValueAsString(facts);
            version++;
        }

        /** What import-edgar makes of the current version. */
        synchronized List<String> lines() {
            return IMPORT.convert(facts, company.symbol(), company.symbol()).lines();
        }
    }

    /** One fetch of {@code companies} by a new fetcher whose clock stands still at {@code now}; its metrics. */
    private static FetchMetrics run(FinstreamConfig c, LoopbackProvider server, Instant now,
                                    List<EdgarFetcher.Company> companies) throws InterruptedException {
        FetchMetrics metrics = new FetchMetrics();
        try (FetchPublisher publisher = FetchPublisher.open(c.kafka, EdgarFetcher.SOURCE, metrics)) {
            new EdgarFetcher(new FetchContext(new Provider(server.uri("/"), null, null),
                    new ProviderHttp(settings(), metrics), publisher, metrics, Clock.fixed(now, ZoneOffset.UTC)),
                    IMPORT, HOUR).fetch(companies, 2);
        }
        return metrics;
    }

    private static LoopbackProvider serve(List<Served> served) throws Exception {
        LoopbackProvider server = LoopbackProvider.start();
        served.forEach(s -> server.route(s.path(), request -> s.answer()));
        return server;
    }

    /** One companyfacts value row. */
    private static ObjectNode row(String accession, String form, int year, String period, String filed, String start,
                                  String end, double value) {
        ObjectNode row = JSON.createObjectNode();
        if (start != null) {
            row.put("start", start);
        }
        return row.put("end", end).put("val", value).put("accn", accession).put("fy", year).put("fp", period)
                .put("form", form).put("filed", filed);
    }

    /** Adds {@code row} to {@code facts.<namespace>.<concept>.units.<unit>}. */
    private static void add(ObjectNode facts, String concept, String unit, ObjectNode row) {
        facts.withObject("/facts/us-gaap/" + concept + "/units").withArray(unit).add(row);
    }

    /** The new 10-Q of the third run: its one net income fact. */
    private static Consumer<ObjectNode> newTenQ(String accession) {
        return facts -> add(facts, "NetIncomeLoss", "USD", row(accession, "10-Q", 2099, "Q1", "2099-05-01",
                "2099-01-01", "2099-03-31", 1_234_000_000));
    }

    /** A small companyfacts object: a 10-K, a 10-Q (with a cover share count) and an 8-K that is not a filing. */
    private static ObjectNode syntheticFacts(long cik, double scale) {
        ObjectNode facts = JSON.createObjectNode().put("cik", cik).put("entityName", "Synthetic " + cik);
        String k = String.format("%010d-24-000001", cik);
        String q = String.format("%010d-24-000002", cik);
        add(facts, "Revenues", "USD", row(k, "10-K", 2023, "FY", "2024-02-01", "2023-01-01", "2023-12-31", 900 * scale));
        add(facts, "NetIncomeLoss", "USD", row(k, "10-K", 2023, "FY", "2024-02-01", "2023-01-01", "2023-12-31",
                90 * scale));
        add(facts, "Assets", "USD", row(k, "10-K", 2023, "FY", "2024-02-01", null, "2023-12-31", 5000 * scale));
        add(facts, "Revenues", "USD", row(q, "10-Q", 2024, "Q1", "2024-05-02", "2024-01-01", "2024-03-31", 250 * scale));
        add(facts, "Assets", "USD", row(q, "10-Q", 2024, "Q1", "2024-05-02", null, "2024-03-31", 5100 * scale));
        facts.withObject("/facts/dei/EntityCommonStockSharesOutstanding/units").withArray("shares")
                .add(row(q, "10-Q", 2024, "Q1", "2024-05-02", null, "2024-04-20", 1_000_000));
        add(facts, "Revenues", "USD", row(String.format("%010d-24-000003", cik), "8-K", 2024, "Q1", "2024-04-25",
                "2024-01-01", "2024-03-31", 250 * scale));
        return facts;
    }

    private static List<String> sorted(Stream<String> lines) {
        return lines.sorted().toList();
    }

    private static List<String> accessions(List<String> lines) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(JSON.readTree(line).get("accession").asText());
        }
        out.sort(null);
        return out;
    }

    /**
     * Four runs over two companies (the first told apart by ETag, the second by Last-Modified):
     * every filing once; an hour later 304s and nothing more; then the first gains a 10-Q and only
     * it is published; within the hour after that, no request at all.
     */
    private static void everyFilingOnceThenNotModifiedThenOnlyTheNewAccession(String prefix, List<Served> served)
            throws Exception {
        FinstreamConfig c = kafka.config(prefix);
        List<EdgarFetcher.Company> companies = served.stream().map(s -> s.company).toList();
        List<String> first = sorted(served.stream().flatMap(s -> s.lines().stream()));
        try (LoopbackProvider server = serve(served)) {
            FetchMetrics firstRun = run(c, server, T0, companies);
            assertEquals(first, topic(c, "filings"), () -> "every filing import-edgar makes of the JSON, once;"
                    + " dead letters " + topic(c, "dead-letters") + ", requests " + server.requests().stream()
                    .map(r -> r.path() + " " + r.headers().keySet()).toList() + ", run:\n" + firstRun.summary());
            assertEquals(List.of(), topic(c, "dead-letters"));
            Map<String, FetchProgress.Mark> marks = FetchProgress.read(c.kafka, EdgarFetcher.SOURCE);
            for (Served s : served) {
                FetchProgress.Mark mark = marks.get(s.company.symbol());
                assertEquals(accessions(s.lines()), mark.published());
                assertEquals(s.validator(), s.etag ? mark.etag() : mark.lastModified());
                assertEquals(T0, mark.checkedAt());
            }

            int before = server.requests().size();
            Instant second = T0.plus(HOUR);
            FetchMetrics conditionalRun = run(c, server, second, companies);
            assertEquals(served.size(), conditionalRun.notModified());
            assertEquals(0, conditionalRun.published("filings"));
            List<LoopbackProvider.Request> conditional = server.requests().subList(before, server.requests().size());
            assertEquals(served.size(), conditional.size());
            for (Served s : served) {
                LoopbackProvider.Request r = conditional.stream().filter(q -> q.path().equals(s.path())).findFirst()
                        .orElseThrow();
                assertEquals(s.validator(), r.header(s.etag ? "If-None-Match" : "If-Modified-Since"), s.path());
            }
            assertEquals(first, topic(c, "filings"), "a 304 publishes nothing");
            marks = FetchProgress.read(c.kafka, EdgarFetcher.SOURCE);
            for (Served s : served) {
                assertEquals(second, marks.get(s.company.symbol()).checkedAt(), "a 304 is a check");
                assertEquals(accessions(s.lines()), marks.get(s.company.symbol()).published());
            }

            Served changed = served.get(0);
            String accession = changed.company.cik() + "-99-000001";
            changed.change(newTenQ(accession));
            List<String> added = new ArrayList<>(changed.lines());
            added.removeAll(first);
            assertEquals(1, added.size(), "the edit adds one filing: " + added);
            Instant third = second.plus(HOUR);
            assertEquals(1, run(c, server, third, companies).published("filings"));
            assertEquals(sorted(Stream.concat(first.stream(), added.stream())), topic(c, "filings"),
                    "only the new accession is published");
            assertTrue(FetchProgress.read(c.kafka, EdgarFetcher.SOURCE).get(changed.company.symbol()).published()
                    .contains(accession));

            int asked = server.requests().size();
            assertEquals(served.size(), run(c, server, third.plus(Duration.ofMinutes(59)), companies).skips(),
                    "checked less than --max-age ago");
            assertEquals(asked, server.requests().size(), "a current company costs no request");
        }
        assertEquals(List.of(), topic(c, "dead-letters"));
    }

    @Test
    void syntheticCompanyFactsEveryFilingOnceThen304ThenOnlyTheNewAccession() throws Exception {
        everyFilingOnceThenNotModifiedThenOnlyTheNewAccession("synthetic", List.of(
                new Served(new EdgarFetcher.Company("AAA", "1111"), syntheticFacts(1111, 1e6), true),
                new Served(new EdgarFetcher.Company("BBB", "2222"), syntheticFacts(2222, 3e6), false)));
    }

    @Test
    void realAppleAndTeslaCompanyFactsEveryFilingOnceThen304ThenOnlyTheNewAccession(@TempDir Path dir)
            throws Exception {
        Path aapl = FUNDAMENTALS.resolve("companyfacts_CIK0000320193_AAPL.json");
        Path tsla = FUNDAMENTALS.resolve("companyfacts_CIK0001318605_TSLA.json");
        assumeTrue(Files.isRegularFile(aapl) && Files.isRegularFile(tsla), "skipped: " + FUNDAMENTALS.toAbsolutePath()
                + " has no AAPL/TSLA companyfacts (the shared real-data folder lives beside the repository; see"
                + " ../shared/data/SOURCES.md)");
        List<Served> served = List.of(
                new Served(new EdgarFetcher.Company("AAPL", "320193"), (ObjectNode) JSON.readTree(aapl.toFile()), true),
                new Served(new EdgarFetcher.Company("TSLA", "1318605"), (ObjectNode) JSON.readTree(tsla.toFile()),
                        false));
        IMPORT.importFiles(List.of(aapl, tsla), null, dir);
        for (Served s : served) {
            assertEquals(Files.readAllLines(dir.resolve("filings_" + s.company.symbol() + ".jsonl")), s.lines(),
                    "the served JSON is what import-edgar reads from the file");
            assertTrue(s.lines().size() > 40, s.company + ": " + s.lines().size() + " filings");
        }
        everyFilingOnceThenNotModifiedThenOnlyTheNewAccession("real", served);
    }

    @Test
    void unusableAnswersAreDeadLettersAndAreAskedAgain() throws Exception {
        FinstreamConfig c = kafka.config("unusable");
        List<EdgarFetcher.Company> companies = List.of(new EdgarFetcher.Company("HTML", "1"),
                new EdgarFetcher.Company("NOTFACTS", "2"), new EdgarFetcher.Company("OTHER", "3"),
                new EdgarFetcher.Company("GONE", "4"));
        try (LoopbackProvider server = LoopbackProvider.start()) {
            server.route("/api/xbrl/companyfacts/CIK0000000001.json",
                    r -> LoopbackProvider.Answer.ok("<html>Request Rate Threshold Exceeded</html>"));
            server.route("/api/xbrl/companyfacts/CIK0000000002.json",
                    r -> LoopbackProvider.Answer.ok("{\"message\":\"not found\"}"));
            String otherCompany = JSON.writeValueAsString(syntheticFacts(99, 1));
            server.route("/api/xbrl/companyfacts/CIK0000000003.json", r -> LoopbackProvider.Answer.ok(otherCompany)
                    .withHeader("ETag", "\"other\""));
            // CIK 4 has no route: 404
            for (int run = 1; run <= 2; run++) {
                FetchMetrics metrics = run(c, server, T0, companies);
                assertEquals(3, metrics.deadLetters("BAD_RESPONSE"));
                assertEquals(1, metrics.deadLetters("FETCH_FAILED"));
                assertEquals(4 * run, server.requests().size(), "an unusable answer is no check: asked again");
                assertTrue(server.requests().stream().noneMatch(r -> r.header("If-None-Match") != null),
                        "the validators of an unusable answer are not kept");
            }
        }
        assertEquals(List.of(), topic(c, "filings"));
        assertEquals(Map.of(), FetchProgress.read(c.kafka, EdgarFetcher.SOURCE));
        List<String> messages = new ArrayList<>();
        TopicSnapshot.read(c.kafka, c.kafka.topic("dead-letters"), r -> messages.add(new String(r.key(),
                StandardCharsets.UTF_8) + ": " + new String(r.headers().lastHeader(DeadLetterHeaders.MESSAGE).value(),
                StandardCharsets.UTF_8)));
        assertEquals(8, messages.size(), String.join("\n", messages));
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("HTML: GET ") && m.contains("-> 200: not JSON: <html>")),
                String.join("\n", messages));
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("NOTFACTS: ")
                && m.contains("is not an EDGAR companyfacts object")), String.join("\n", messages));
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("OTHER: ")
                && m.contains("companyfacts of CIK 0000000099, not of CIK 0000000003")), String.join("\n", messages));
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("GONE: ") && m.contains("HTTP 404")),
                String.join("\n", messages));
    }

    /**
     * The command with its EDGAR defaults (600 requests per minute, burst 1): every request
     * carries the configured User-Agent, and the server never sees more than one request per
     * 100 ms beyond a slack for the delay between the client's token and the server's arrival.
     */
    @Test
    void theCommandSendsTheUserAgentKeepsToTenRequestsASecondAndSkipsWhatIsCurrent(@TempDir Path dir)
            throws Exception {
        String userAgent = "Finstream Tests tests@example.com";
        List<Served> served = new ArrayList<>();
        StringBuilder file = new StringBuilder("# symbol,cik\n");
        for (int i = 1; i <= 12; i++) {
            served.add(new Served(new EdgarFetcher.Company("C" + i, Integer.toString(1000 + i)),
                    syntheticFacts(1000 + i, i), true));
            file.append("C").append(i).append(',').append(1000 + i).append('\n');
        }
        served.add(new Served(new EdgarFetcher.Company("EXTRA", "77"), syntheticFacts(77, 1), false));
        Path companies = Files.writeString(dir.resolve("companies.csv"), file);
        try (LoopbackProvider server = serve(served)) {
            String[] args = {"fetch", "edgar", "--base-url", server.uri("/").toString(), "--user-agent", userAgent,
                    "--companies", companies.toString(), "--company", "EXTRA=77",
                    "--set", "kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--set", "kafka.consumer-group=cli"};
            String out = execute(args);
            assertTrue(out.contains("published: filings 26") && out.contains("dead letters: none")
                    && out.contains("companyfacts: HTTP 200 x13"), out);
            List<LoopbackProvider.Request> seen = server.requests();
            assertEquals(13, seen.size());
            assertTrue(seen.stream().allMatch(r -> userAgent.equals(r.header("User-Agent"))), seen.toString());
            long interval = Duration.ofMillis(100).toNanos();
            double slack = 2.5; // as in ProviderHttpLimitsTest: a default burst of 5 would still fail
            for (int i = 0; i < seen.size(); i++) {
                for (int j = i + 1; j < seen.size(); j++) {
                    long window = seen.get(j).arrivalNanos() - seen.get(i).arrivalNanos();
                    assertTrue(j - i + 1 <= 1 + (double) window / interval + slack, (j - i + 1)
                            + " requests arrived within " + window / 1_000_000 + " ms (arrivals " + i + ".." + j + ")");
                }
            }
            String again = execute(args);
            assertTrue(again.contains("skipped as fresh: 13 symbols, 13 requests spared")
                    && again.contains("published: nothing"), again);
            assertEquals(13, server.requests().size(), "checked less than an hour ago: no request");
        }
        FinstreamConfig c = FinstreamConfig.defaults();
        c.kafka.bootstrapServers = kafka.bootstrapServers();
        assertEquals(sorted(served.stream().flatMap(s -> s.lines().stream())), topic(c, "filings"));
    }
}
