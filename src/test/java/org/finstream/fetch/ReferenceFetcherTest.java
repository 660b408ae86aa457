package org.finstream.fetch;

import static org.finstream.fetch.FetchTestKit.execute;
import static org.finstream.fetch.FetchTestKit.topic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.Parsers;
import org.finstream.records.ReferenceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code fetch reference} against a real HTTP server on loopback (serving EODHD-style General data with ETag or
 * Last-Modified validators) and a real Kafka broker: the first run publishes each symbol's line (CIK padded, a name
 * with a comma quoted), a run within max-age sends nothing, a conditional request answered 304 publishes nothing,
 * a changed answer is published once, and an unchanged one under a new ETag is not published again.
 */
class ReferenceFetcherTest {
    private static final String LAST_MODIFIED = "Wed, 01 May 2024 00:00:00 GMT";

    @RegisterExtension
    static final FetchTestKit kit = new FetchTestKit();

    /** The answers the provider serves, by path; replaced to change them. */
    private static LoopbackProvider serve(Map<String, LoopbackProvider.Answer> answers) throws Exception {
        LoopbackProvider server = LoopbackProvider.start();
        for (String symbol : List.of("AAA", "BBB", "CCC", "DDD", "EEE", "FFF")) {
            String path = "/api/fundamentals/" + symbol + ".US";
            server.route(path, request -> answers.getOrDefault(path, LoopbackProvider.Answer.status(404, "{}")));
        }
        return server;
    }

    private static LoopbackProvider.Answer general(String json, String etag) {
        return LoopbackProvider.Answer.ok(json).withHeader("ETag", etag);
    }

    private static FetchTestKit.Opened<ReferenceFetcher> fetcher(FinstreamConfig c, LoopbackProvider server) {
        return FetchTestKit.open(c, server, "eodhd/reference", ReferenceFetcher::new);
    }

    /** Runs one fetcher over {@code symbols} with {@code maxAge}; returns its metrics. */
    private static FetchMetrics run(FinstreamConfig c, LoopbackProvider server, List<String> symbols, Duration maxAge)
            throws InterruptedException {
        try (FetchTestKit.Opened<ReferenceFetcher> f = fetcher(c, server)) {
            f.fetcher().fetch(symbols, maxAge, 2);
            return f.metrics();
        }
    }

    @Test
    void maxAgeConditionalRequestsAndTheDigestPublishOnlyWhatChanged() throws Exception {
        FinstreamConfig c = kit.config("reference");
        Map<String, LoopbackProvider.Answer> answers = new ConcurrentHashMap<>();
        answers.put("/api/fundamentals/AAA.US", general("{\"Code\":\"AAA\",\"Type\":\"Common Stock\",\"Name\":"
                + "\"Apple, Inc.\",\"Sector\":\"Technology\",\"Industry\":\"Consumer Electronics\",\"CIK\":320193}",
                "\"a1\""));
        answers.put("/api/fundamentals/BBB.US", general("{\"Code\":\"BBB\",\"Name\":\"International Business"
                + " Machines\",\"Sector\":\"Technology\",\"Industry\":\"IT Services\",\"CIK\":\"0000051143\"}",
                "W/\"b1\""));
        answers.put("/api/fundamentals/CCC.US", LoopbackProvider.Answer.ok("{\"Code\":\"CCC\",\"Name\":\"Some"
                + " Fund\",\"Sector\":\"Financial Services\",\"Industry\":null,\"CIK\":null}")
                .withHeader("Last-Modified", LAST_MODIFIED));
        List<String> symbols = List.of("AAA", "BBB", "CCC");
        List<String> first = List.of(
                "AAA,\"Apple, Inc.\",Technology,Consumer Electronics,0000320193",
                "BBB,International Business Machines,Technology,IT Services,0000051143",
                "CCC,Some Fund,Financial Services,,");
        try (LoopbackProvider server = serve(answers)) {
            run(c, server, symbols, Duration.ofDays(7));
            assertEquals(3, server.requests().size());
            assertTrue(server.requests().stream().allMatch(r -> r.query().contains("filter=General")
                    && r.header("If-None-Match") == null && r.header("If-Modified-Since") == null));
            assertEquals(first, topic(c, "reference"));
            ReferenceData apple = Parsers.reference(topic(c, "reference").get(0).getBytes(StandardCharsets.UTF_8));
            assertEquals("Apple, Inc.", apple.getName(), "the quoted name round-trips through validation");
            assertEquals("0000320193", apple.getCik());

            FetchMetrics fresh = run(c, server, symbols, Duration.ofDays(7));
            assertEquals(3, server.requests().size(), "every symbol was checked less than 7 days ago: no request");
            assertEquals(3, fresh.skips());

            FetchMetrics conditional = run(c, server, symbols, Duration.ZERO);
            List<LoopbackProvider.Request> third = server.requests().subList(3, 6);
            assertEquals(3, conditional.notModified(), "all three answered 304");
            assertEquals(List.of("\"a1\"", "W/\"b1\""), third.stream().map(r -> r.header("If-None-Match"))
                    .filter(v -> v != null).sorted().toList());
            assertTrue(third.stream().anyMatch(r -> LAST_MODIFIED.equals(r.header("If-Modified-Since"))));
            assertEquals(first, topic(c, "reference"), "a 304 publishes nothing");

            answers.put("/api/fundamentals/AAA.US", general("{\"Code\":\"AAA\",\"Name\":\"Apple Inc\",\"Sector\":"
                    + "\"Technology\",\"Industry\":\"Consumer Electronics\",\"CIK\":\"320193\"}", "\"a2\""));
            answers.put("/api/fundamentals/BBB.US", general(new String(answers.get("/api/fundamentals/BBB.US").body(),
                    StandardCharsets.UTF_8).replace("{", "{\"UpdatedAt\":\"2024-06-01\","), "W/\"b2\""));
            FetchMetrics changed = run(c, server, symbols, Duration.ZERO);
            assertEquals(1, changed.published("reference"), "only AAA's new name; BBB's line is the same");
            assertEquals(1, changed.notModified(), "CCC");
            run(c, server, symbols, Duration.ZERO);
            assertEquals(12, server.requests().size());
        }
        assertEquals(List.of(first.get(0), "AAA,Apple Inc,Technology,Consumer Electronics,0000320193", first.get(1),
                first.get(2)), topic(c, "reference"), "the new name once, nothing else again");
        assertEquals(List.of(), topic(c, "dead-letters"));
    }

    @Test
    void unusableAnswersAreDeadLettersAndAskedAgainInvalidOnesAreNot() throws Exception {
        FinstreamConfig c = kit.config("unusable");
        Map<String, LoopbackProvider.Answer> answers = new ConcurrentHashMap<>();
        answers.put("/api/fundamentals/DDD.US", LoopbackProvider.Answer.ok("{\"Code\":\"DDD\",\"Name\":\"D\","
                + "\"Sector\":\"Energy\",\"CIK\":\"CIK-12\"}"));
        answers.put("/api/fundamentals/EEE.US", LoopbackProvider.Answer.ok("<html>maintenance</html>"));
        answers.put("/api/fundamentals/FFF.US", LoopbackProvider.Answer.ok("{\"Code\":\"FFF\",\"Name\":\"F\","
                + "\"Sector\":null,\"CIK\":1}"));
        List<String> symbols = List.of("DDD", "EEE", "FFF");
        try (LoopbackProvider server = serve(answers)) {
            run(c, server, symbols, Duration.ofDays(7));
            assertEquals(List.of("BAD_RESPONSE DDD", "BAD_RESPONSE EEE", "MISSING_FIELD FFF"),
                    topic(c, "dead-letters"));
            FetchMetrics again = run(c, server, symbols, Duration.ofDays(7));
            assertEquals(1, again.skips(), "FFF's answer was checked (and its invalid line dead-lettered)");
            assertEquals(List.of("/api/fundamentals/DDD.US", "/api/fundamentals/EEE.US"),
                    server.requests().subList(3, 5).stream().map(LoopbackProvider.Request::path).sorted().toList(),
                    "an unusable answer leaves the mark: asked again");
        }
        assertEquals(List.of(), topic(c, "reference"));
    }

    @Test
    void theCommandChecksOnlyWhatIsOlderThanMaxAge() throws Exception {
        Map<String, LoopbackProvider.Answer> answers = new ConcurrentHashMap<>();
        answers.put("/api/fundamentals/AAA.US", general("{\"Code\":\"AAA\",\"Name\":\"Apple Inc\",\"Sector\":"
                + "\"Technology\",\"Industry\":\"Consumer Electronics\",\"CIK\":320193}", "\"a1\""));
        try (LoopbackProvider server = serve(answers)) {
            String[] args = {"fetch", "reference", "--base-url", server.uri("/").toString(), "--symbols", "AAA",
                    "--set", "kafka.bootstrap-servers=" + kit.bootstrapServers(), "--set", "kafka.consumer-group=cli"};
            String out = execute(args);
            assertTrue(out.contains("published: reference 1") && out.contains("fundamentals: HTTP 200 x1"), out);
            String fresh = execute(args);
            assertTrue(fresh.contains("skipped as fresh: 1 symbols, 1 requests spared"), fresh);
            String conditional = execute(Stream.concat(Arrays.stream(args), Stream.of("--max-age", "PT0S"))
                    .toArray(String[]::new));
            assertTrue(conditional.contains("1 not modified") && conditional.contains("published: nothing"),
                    conditional);
        }
        assertEquals(List.of("AAA,Apple Inc,Technology,Consumer Electronics,0000320193"),
                topic(kit.defaultConfig(), "reference"));
    }

    @Test
    void ciksArePaddedToTenDigits() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        assertEquals("0000320193", ReferenceFetcher.cik(json.numberNode(320193)));
        assertEquals("0000320193", ReferenceFetcher.cik(json.textNode("320193")));
        assertEquals("0000320193", ReferenceFetcher.cik(json.textNode("0000320193")));
        assertEquals("", ReferenceFetcher.cik(null));
        assertEquals("", ReferenceFetcher.cik(json.nullNode()));
        assertEquals("", ReferenceFetcher.cik(json.textNode(" ")));
        assertNull(ReferenceFetcher.cik(json.textNode("12345678901")));
        assertNull(ReferenceFetcher.cik(json.textNode("CIK-12")));
        assertNull(ReferenceFetcher.cik(json.numberNode(320193.5)));
    }
}
