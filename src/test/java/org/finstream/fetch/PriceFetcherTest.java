package org.finstream.fetch;

import static org.finstream.fetch.FetchTestKit.execute;
import static org.finstream.fetch.FetchTestKit.query;
import static org.finstream.fetch.FetchTestKit.topic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.finstream.config.FinstreamConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code fetch prices} against a real HTTP server on loopback (serving EODHD-style bars, with
 * injected 429, 500 and malformed answers) and a real Kafka broker: every valid served bar is in
 * the prices topic exactly once, invalid ones and unusable responses are dead letters, a
 * restarted fetcher asks only for what is missing, and a fetcher fenced midway by its successor
 * publishes nothing more while the successor misses nothing.
 */
class PriceFetcherTest {
    private static final LocalDate FIRST = LocalDate.of(2024, 3, 1);
    private static final LocalDate MIDDLE = LocalDate.of(2024, 3, 8);
    private static final LocalDate LAST = LocalDate.of(2024, 3, 14);

    @RegisterExtension
    static final FetchTestKit kafka = new FetchTestKit();

    /** The bars the provider serves, by symbol and date: weekdays of [FIRST, LAST]. */
    private static Map<String, TreeMap<LocalDate, String>> market(List<String> symbols) {
        Map<String, TreeMap<LocalDate, String>> served = new TreeMap<>();
        for (int s = 0; s < symbols.size(); s++) {
            TreeMap<LocalDate, String> bars = new TreeMap<>();
            for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
                if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                    double close = 100 + s * 10 + d.getDayOfMonth();
                    bars.put(d, String.format("{\"date\":\"%s\",\"open\":%.2f,\"high\":%.2f,\"low\":%.2f,"
                            + "\"close\":%.2f,\"adjusted_close\":%.2f,\"volume\":%d}", d, close - 1, close + 1,
                            close - 2, close, close * 0.98, 1000 + d.getDayOfMonth()));
                }
            }
            served.put(symbols.get(s), bars);
        }
        return served;
    }

    private static LoopbackProvider serve(Map<String, TreeMap<LocalDate, String>> market) throws Exception {
        LoopbackProvider server = LoopbackProvider.start();
        market.forEach((symbol, bars) -> server.route("/api/eod/" + symbol + ".US", request -> {
            Map<String, String> q = query(request.query());
            return LoopbackProvider.Answer.ok("[" + String.join(",", bars.subMap(LocalDate.parse(q.get("from")), true,
                    LocalDate.parse(q.get("to")), true).values()) + "]");
        }));
        return server;
    }

    private static FetchTestKit.Opened<PriceFetcher> fetcher(FinstreamConfig c, LoopbackProvider server) {
        return FetchTestKit.open(c, server, "eodhd/prices", PriceFetcher::new);
    }

    private static List<String> csv(Map<String, TreeMap<LocalDate, String>> market) throws Exception {
        List<String> lines = new ArrayList<>();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (var e : market.entrySet()) {
            for (String bar : e.getValue().values()) {
                lines.add(PriceFetcher.csv(e.getKey(), json.readTree(bar)));
            }
        }
        lines.sort(null);
        return lines;
    }

    @Test
    void everyBarOnceDeadLettersForWhatIsUnusableAndARestartAsksOnlyForWhatIsMissing() throws Exception {
        FinstreamConfig c = kafka.config("resume");
        Map<String, TreeMap<LocalDate, String>> market = market(List.of("AAA", "BBB", "CCC"));
        LocalDate badDay = LocalDate.of(2024, 3, 5);
        String bad = market.get("BBB").get(badDay).replaceFirst("\"high\":[0-9.]+", "\"high\":1.00");
        market.get("BBB").put(badDay, bad);
        try (LoopbackProvider server = serve(market)) {
            server.fault("/api/eod/AAA.US", LoopbackProvider.Fault.tooManyRequests("1"),
                    LoopbackProvider.Fault.status(500, "{\"error\":\"internal\"}"));
            server.fault("/api/eod/CCC.US", LoopbackProvider.Fault.malformed("<html>maintenance</html>"));
            try (FetchTestKit.Opened<PriceFetcher> first = fetcher(c, server)) {
                first.fetcher().fetch(List.of("AAA", "BBB", "CCC"), FIRST, MIDDLE, 2);
                assertEquals(2, first.metrics().retries(), "AAA was retried after its 429 and after its 500");
            }
            int before = server.requests().size();
            try (FetchTestKit.Opened<PriceFetcher> restarted = fetcher(c, server)) {
                restarted.fetcher().fetch(List.of("AAA", "BBB", "CCC"), FIRST, LAST, 2);
            }
            List<LoopbackProvider.Request> second = server.requests().subList(before, server.requests().size());
            assertEquals(3, second.size(), "one request per symbol: " + second);
            for (LoopbackProvider.Request r : second) {
                String from = query(r.query()).get("from");
                assertEquals(r.path().startsWith("/api/eod/CCC") ? FIRST.toString() : "2024-03-09", from,
                        "AAA and BBB resume after their last published day, CCC (malformed before) from the start");
            }
            try (FetchTestKit.Opened<PriceFetcher> current = fetcher(c, server)) {
                int asked = server.requests().size();
                current.fetcher().fetch(List.of("AAA", "BBB", "CCC"), FIRST, LAST, 2);
                assertEquals(asked, server.requests().size(), "every symbol is current: no request");
                assertEquals(3, current.metrics().skips());
            }
            assertTrue(server.requests().stream().allMatch(r -> "secret-key".equals(query(r.query()).get("api_token"))));
        }
        market.get("BBB").remove(badDay);
        assertEquals(csv(market), topic(c, "prices"), "every valid bar once, the invalid one not at all");
        assertEquals(List.of("BAD_RESPONSE CCC", "HIGH_BELOW_LOW BBB"), topic(c, "dead-letters"));
    }

    @Test
    void timeoutsAndConnectionResetsAreRetriedAndEveryBarArrivesOnce() throws Exception {
        FinstreamConfig c = kafka.config("flaky");
        Map<String, TreeMap<LocalDate, String>> market = market(List.of("AAA", "BBB"));
        try (LoopbackProvider server = serve(market)) {
            server.fault("/api/eod/AAA.US", LoopbackProvider.Fault.slow(java.time.Duration.ofSeconds(3)));
            server.fault("/api/eod/BBB.US", LoopbackProvider.Fault.reset());
            FetchSettings impatient = FetchSettings.builder().requestsPerMinute(60_000).burst(20)
                    .requestTimeout(java.time.Duration.ofMillis(500)).maxAttempts(4)
                    .backoffBase(java.time.Duration.ofMillis(10)).backoffMax(java.time.Duration.ofMillis(50)).build();
            try (FetchTestKit.Opened<PriceFetcher> f = FetchTestKit.open(c, server.resettingUri("/"), impatient,
                    "eodhd/prices", PriceFetcher::new)) {
                f.fetcher().fetch(List.of("AAA", "BBB"), FIRST, LAST, 2);
                // the JDK client itself sends a GET again once when its connection is reset before any answer
                // (ProviderHttp's Javadoc), so only the timeout costs a retry of ProviderHttp's own
                assertEquals(1, f.metrics().retries(), "the timed-out request was retried");
            }
            assertEquals(1, server.resets(), "the server reset BBB's first connection");
        }
        assertEquals(csv(market), topic(c, "prices"), "every bar exactly once");
        assertEquals(List.of(), topic(c, "dead-letters"));
    }

    @Test
    void bulkRequestsAskForManySymbolsADayAtATime() throws Exception {
        FinstreamConfig c = kafka.config("bulk");
        List<String> symbols = List.of("B1", "B2", "B3", "B4", "B5");
        Map<String, TreeMap<LocalDate, String>> market = market(symbols);
        market.get("B5").remove(LocalDate.of(2024, 3, 6)); // suspended that day
        java.util.concurrent.atomic.AtomicBoolean firstDayOut = new java.util.concurrent.atomic.AtomicBoolean();
        try (LoopbackProvider server = LoopbackProvider.start()) {
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            server.route("/api/eod-bulk-last-day/US", request -> {
                Map<String, String> q = query(request.query());
                LocalDate day = LocalDate.parse(q.get("date"));
                List<String> rows = new ArrayList<>();
                if (day.equals(FIRST) && !firstDayOut.get()) {
                    return LoopbackProvider.Answer.ok("[]"); // the provider has not published the day yet
                }
                for (String symbol : q.get("symbols").split("%2C")) {
                    String bar = market.get(symbol).get(day);
                    if (bar != null) {
                        var node = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(bar);
                        node.put("code", symbol).put("exchange_short_name", "US");
                        rows.add(node.toString());
                    }
                }
                return LoopbackProvider.Answer.ok("[" + String.join(",", rows) + "]");
            });
            try (FetchTestKit.Opened<PriceFetcher> early = fetcher(c, server)) {
                early.fetcher().fetchBulk(symbols, FIRST, FIRST, 2, 2);
            }
            assertEquals(3, server.requests().size());
            firstDayOut.set(true);
            try (FetchTestKit.Opened<PriceFetcher> fetcher = fetcher(c, server)) {
                fetcher.fetcher().fetchBulk(symbols, FIRST, LAST, 2, 2);
            }
            assertEquals(3 + 10 * 3, server.requests().size(),
                    "the empty first day asked again, then 10 weekdays x 3 requests of at most 2 symbols");
            try (FetchTestKit.Opened<PriceFetcher> again = fetcher(c, server)) {
                again.fetcher().fetchBulk(symbols, FIRST, LAST, 2, 2);
                assertEquals(33, server.requests().size(), "all current: no request");
                assertEquals(5, again.metrics().skips());
            }
        }
        assertEquals(csv(market), topic(c, "prices"), "every bar once");
    }

    @Test
    void intradayQuotesBecomeBarsOncePerSnapshotWithTheVolumeSinceThePreviousOne() throws Exception {
        FinstreamConfig c = kafka.config("quotes");
        java.util.concurrent.atomic.AtomicInteger poll = new java.util.concurrent.atomic.AtomicInteger();
        long t1 = Instant.parse("2024-03-06T15:00:00Z").getEpochSecond();
        long t2 = t1 + 60;
        long t3 = Instant.parse("2024-03-07T14:31:00Z").getEpochSecond();
        List<String> answers = List.of(
                "[" + quote("AAA.US", t1, 1000) + "," + quote("BBB.US", t1, 500)
                        + ",{\"code\":\"CCC.US\",\"timestamp\":\"NA\",\"close\":\"NA\"}]",
                "[" + quote("AAA.US", t1, 1000) + "," + quote("BBB.US", t2, 800) + "," + quote("CCC.US", t2, 50) + "]",
                "[" + quote("AAA.US", t3, 200) + "," + quote("BBB.US", t2, 800) + "," + quote("CCC.US", t2, 50) + "]",
                "[" + quote("AAA.US", t3, 200) + "," + quote("BBB.US", t2 + 60, 1500).replace("\"high\":12.0",
                        "\"high\":8.0") + "," + quote("CCC.US", t2, 50) + "]", // BBB's high < low: a dead letter
                "[" + quote("AAA.US", t3, 200) + "," + quote("BBB.US", t2 + 120, 1800) + "," + quote("CCC.US", t2, 50) + "]");
        try (LoopbackProvider server = LoopbackProvider.start()) {
            server.route("/api/real-time/AAA.US", request -> LoopbackProvider.Answer.ok(answers.get(poll.getAndIncrement())));
            server.route("/api/real-time/DDD.US", request -> LoopbackProvider.Answer.ok(quote("DDD.US", t1, 7)));
            try (FetchTestKit.Opened<QuoteFetcher> quotes = FetchTestKit.open(c, server, "eodhd/quotes",
                    context -> new QuoteFetcher(context, java.time.ZoneId.of("America/New_York")))) {
                for (int i = 0; i < answers.size(); i++) {
                    quotes.fetcher().poll(List.of("AAA", "BBB", "CCC"), 3, 1);
                }
                quotes.fetcher().poll(List.of("DDD"), 3, 1);
            }
            assertEquals("s=BBB.US%2CCCC.US", query(server.requests().get(0).query()).entrySet().stream()
                    .filter(e -> e.getKey().equals("s")).map(e -> e.getKey() + "=" + e.getValue()).findFirst().orElseThrow());
        }
        assertEquals(List.of(
                "AAA,2024-03-06,10.0,12.0,9.0,11.0,1000,2024-03-06T15:00:00Z",
                "AAA,2024-03-07,10.0,12.0,9.0,11.0,200,2024-03-07T14:31:00Z",
                "BBB,2024-03-06,10.0,12.0,9.0,11.0,1000,2024-03-06T15:03:00Z",
                "BBB,2024-03-06,10.0,12.0,9.0,11.0,300,2024-03-06T15:01:00Z",
                "BBB,2024-03-06,10.0,12.0,9.0,11.0,500,2024-03-06T15:00:00Z",
                "CCC,2024-03-06,10.0,12.0,9.0,11.0,50,2024-03-06T15:01:00Z",
                "DDD,2024-03-06,10.0,12.0,9.0,11.0,7,2024-03-06T15:00:00Z"), topic(c, "prices"),
                "a bar per new snapshot, with the volume traded since the previous published one of the same day");
        assertEquals(List.of("HIGH_BELOW_LOW BBB"), topic(c, "dead-letters"));
    }

    private static String quote(String code, long timestamp, long volume) {
        return "{\"code\":\"" + code + "\",\"timestamp\":" + timestamp + ",\"gmtoffset\":0,\"open\":10.0,\"high\":12.0,"
                + "\"low\":9.0,\"close\":11.0,\"volume\":" + volume + ",\"previousClose\":10.5}";
    }

    @Test
    void aBulkDayThatFailsStopsItsSymbolsThereUntilTheNextRound() throws Exception {
        FinstreamConfig c = kafka.config("bulk-gap");
        List<String> symbols = List.of("G1", "G2");
        Map<String, TreeMap<LocalDate, String>> market = market(symbols);
        LocalDate broken = LocalDate.of(2024, 3, 5);
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (LoopbackProvider server = LoopbackProvider.start()) {
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            server.route("/api/eod-bulk-last-day/US", request -> {
                Map<String, String> q = query(request.query());
                LocalDate day = LocalDate.parse(q.get("date"));
                if (day.equals(broken) && down.get()) {
                    return LoopbackProvider.Answer.status(503, "{\"error\":\"maintenance\"}");
                }
                List<String> rows = new ArrayList<>();
                for (String symbol : symbols) {
                    var node = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(market.get(symbol).get(day));
                    rows.add(node.put("code", symbol).toString());
                }
                return LoopbackProvider.Answer.ok("[" + String.join(",", rows) + "]");
            });
            try (FetchTestKit.Opened<PriceFetcher> f = fetcher(c, server)) {
                f.fetcher().fetchBulk(symbols, FIRST, LAST, 2, 1);
                assertEquals(1, f.metrics().deadLetters("FETCH_FAILED"), "the day failed for good");
            }
            assertEquals(List.of("2024-03-01", "2024-03-04", "2024-03-05"), server.requests().stream()
                    .map(r -> query(r.query()).get("date")).distinct().toList(),
                    "no later day is asked for once a day failed: their progress would pass the missing day");
            down.set(false);
            try (FetchTestKit.Opened<PriceFetcher> f = fetcher(c, server)) {
                f.fetcher().fetchBulk(symbols, FIRST, LAST, 2, 1);
            }
        }
        assertEquals(csv(market), topic(c, "prices"), "no day missing, none twice");
        assertEquals(List.of("FETCH_FAILED G1"), topic(c, "dead-letters"));
    }

    @Test
    void aSymbolWithACaretIsAskedForEncodedAndTheKeyStaysMasked() throws Exception {
        FinstreamConfig c = kafka.config("caret");
        Map<String, TreeMap<LocalDate, String>> market = market(List.of("^GSPC"));
        try (LoopbackProvider server = serve(market)) {
            try (FetchTestKit.Opened<PriceFetcher> f = fetcher(c, server)) {
                f.fetcher().fetch(List.of("^GSPC"), FIRST, LAST, 1);
            }
            assertEquals("/api/eod/%5EGSPC.US", server.requests().get(0).path(), "percent-encoded in the path");
        }
        assertEquals(csv(market), topic(c, "prices"));
    }

    @Test
    void theCommandFetchesOncePrintsItsSummaryAndSkipsWhatIsCurrentNextTime() throws Exception {
        Map<String, TreeMap<LocalDate, String>> market = market(List.of("AAA", "BBB"));
        try (LoopbackProvider server = serve(market)) {
            String[] args = {"fetch", "prices", "--base-url", server.uri("/").toString(), "--symbols", "AAA,BBB",
                    "--from", FIRST.toString(), "--to", LAST.toString(), "--requests-per-minute", "6000",
                    "--api-key-env", "FINSTREAM_TEST_UNSET_VARIABLE",
                    "--set", "kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--set", "kafka.consumer-group=cli"};
            String out = execute(args);
            assertTrue(out.contains("published: prices 20") && out.contains("dead letters: none")
                    && out.contains("eod: HTTP 200 x2"), out);
            String again = execute(args);
            assertTrue(again.contains("skipped as fresh: 2 symbols, 2 requests spared")
                    && again.contains("published: nothing"), again);
            assertTrue(server.requests().stream().noneMatch(r -> r.query().contains("api_token")),
                    "no key in the environment: none sent");
        }
        FinstreamConfig c = FinstreamConfig.defaults();
        c.kafka.bootstrapServers = kafka.bootstrapServers();
        assertEquals(csv(market), topic(c, "prices"));
    }

    @Test
    void aLongRunningCommandStopsWithAClearMessageWhenASecondOneTakesOver() throws Exception {
        Map<String, TreeMap<LocalDate, String>> market = market(List.of("AAA"));
        try (LoopbackProvider server = serve(market)) {
            List<String> args = List.of("fetch", "prices", "--base-url", server.uri("/").toString(), "--symbols", "AAA",
                    "--from", FIRST.toString(), "--requests-per-minute", "6000",
                    "--set", "kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--set", "kafka.consumer-group=taken");
            java.io.StringWriter err = new java.io.StringWriter();
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> org.finstream.cli.Main.execute(
                    new java.io.PrintWriter(new java.io.StringWriter(), true), new java.io.PrintWriter(err, true),
                    java.util.stream.Stream.concat(args.stream(), java.util.stream.Stream.of("--every", "PT0.2S"))
                            .toArray(String[]::new)));
            while (server.requests().isEmpty()) { // the first has started its rounds
                Thread.sleep(20);
            }
            execute(args.toArray(String[]::new));
            assertEquals(1, first.get(60, TimeUnit.SECONDS), err.toString());
            assertTrue(err.toString().contains("fetch prices: stopped: another instance with the same transactional id"
                    + " has started and taken over"), err.toString());
            assertTrue(!err.toString().contains("\tat "), "no stack trace: " + err);
        }
    }

    @Test
    void aFencedFetcherPublishesNothingMoreAndItsSuccessorMissesNothing() throws Exception {
        FinstreamConfig c = kafka.config("fenced");
        List<String> symbols = List.of("S1", "S2", "S3", "S4", "S5", "S6");
        Map<String, TreeMap<LocalDate, String>> market = market(symbols);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        try (LoopbackProvider server = serve(market)) {
            LoopbackProvider.Handler normal = request -> LoopbackProvider.Answer.ok("[" + String.join(",",
                    market.get("S4").values()) + "]");
            server.route("/api/eod/S4.US", request -> {
                if (stuck.getCount() > 0) { // the first fetcher's request hangs until its successor is done
                    stuck.countDown();
                    release.await(30, TimeUnit.SECONDS);
                }
                return normal.handle(request);
            });
            FetchTestKit.Opened<PriceFetcher> killed = fetcher(c, server);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
                try {
                    killed.fetcher().fetch(symbols, FIRST, LAST, 1);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(stuck.await(30, TimeUnit.SECONDS), "the first fetcher reached S4");
            try (FetchTestKit.Opened<PriceFetcher> successor = fetcher(c, server)) {
                successor.fetcher().fetch(symbols, FIRST, LAST, 2);
                assertEquals(3, successor.metrics().skips(), "S1-S3 were published before the first fetcher stopped");
            }
            release.countDown();
            Exception failed = assertThrows(Exception.class, () -> first.get(30, TimeUnit.SECONDS));
            Throwable cause = failed;
            while (cause != null && !(cause instanceof ProducerFencedException)) {
                cause = cause.getCause();
            }
            assertTrue(cause != null, "the first fetcher cannot publish any more: " + failed);
            killed.close();
        }
        assertEquals(csv(market), topic(c, "prices"), "every bar exactly once");
        assertEquals(List.of(), topic(c, "dead-letters"));
    }
}
