package org.finstream.fetch;

import static org.finstream.fetch.FetchTestKit.execute;
import static org.finstream.fetch.FetchTestKit.query;
import static org.finstream.fetch.FetchTestKit.topic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
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
    static final FetchTestKit kit = new FetchTestKit();

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
        FinstreamConfig c = kit.config("resume");
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
    void theCommandFetchesOncePrintsItsSummaryAndSkipsWhatIsCurrentNextTime() throws Exception {
        Map<String, TreeMap<LocalDate, String>> market = market(List.of("AAA", "BBB"));
        try (LoopbackProvider server = serve(market)) {
            String[] args = {"fetch", "prices", "--base-url", server.uri("/").toString(), "--symbols", "AAA,BBB",
                    "--from", FIRST.toString(), "--to", LAST.toString(), "--requests-per-minute", "6000",
                    "--set", "kafka.bootstrap-servers=" + kit.bootstrapServers(), "--set", "kafka.consumer-group=cli"};
            String out = execute(args);
            assertTrue(out.contains("published: prices 20") && out.contains("dead letters: none")
                    && out.contains("eod: HTTP 200 x2"), out);
            String again = execute(args);
            assertTrue(again.contains("skipped as fresh: 2 symbols, 2 requests spared")
                    && again.contains("published: nothing"), again);
            assertTrue(server.requests().stream().noneMatch(r -> r.query().contains("api_token")),
                    "no key in the environment: none sent");
        }
        assertEquals(csv(market), topic(kit.defaultConfig(), "prices"));
    }

    @Test
    void aFencedFetcherPublishesNothingMoreAndItsSuccessorMissesNothing() throws Exception {
        FinstreamConfig c = kit.config("fenced");
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
