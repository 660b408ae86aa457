package org.finstream.fetch;

import static org.finstream.fetch.FetchTestKit.execute;
import static org.finstream.fetch.FetchTestKit.query;
import static org.finstream.fetch.FetchTestKit.records;
import static org.finstream.fetch.FetchTestKit.topic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.finstream.config.FinstreamConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code fetch actions} against a real HTTP server on loopback (serving EODHD-style dividends and splits) and a
 * real Kafka broker: every served action exactly once in the corporate-actions topic with the exact CSV line
 * (dividends as paid, split ratios as decimals), sorted by ex-date then type; a restart asks from the
 * last published ex-date itself, publishing only what is new on it; a symbol one of whose two requests fails publishes nothing but a dead letter, and all of
 * it on the next run; malformed rows are dead letters.
 */
class ActionFetcherTest {
    private static final LocalDate FROM = LocalDate.of(1900, 1, 1);
    private static final LocalDate TO = LocalDate.of(2024, 6, 30);

    @RegisterExtension
    static final FetchTestKit kit = new FetchTestKit();

    /** What the provider serves of one endpoint, by symbol: JSON rows, each with its {@code date}. */
    private static final class Served {
        final Map<String, List<String>> rows = new TreeMap<>();

        Served add(String symbol, String... json) {
            rows.computeIfAbsent(symbol, s -> new ArrayList<>()).addAll(List.of(json));
            return this;
        }

        /** The JSON array of {@code symbol}'s rows dated {@code from} or later, as the provider answers. */
        String since(String symbol, LocalDate from) {
            return rows.getOrDefault(symbol, List.of()).stream()
                    .filter(r -> !LocalDate.parse(r.replaceFirst(".*\"date\":\"([0-9-]+)\".*", "$1")).isBefore(from))
                    .collect(Collectors.joining(",", "[", "]"));
        }
    }

    private static String dividend(String date, String unadjusted, String adjusted) {
        return "{\"date\":\"" + date + "\",\"declarationDate\":null,\"recordDate\":\"" + date + "\",\"paymentDate\":\""
                + date + "\",\"period\":\"Quarterly\",\"value\":" + adjusted
                + (unadjusted == null ? "" : ",\"unadjustedValue\":" + unadjusted) + ",\"currency\":\"USD\"}";
    }

    private static String split(String date, String ratio) {
        return "{\"date\":\"" + date + "\",\"split\":\"" + ratio + "\"}";
    }

    private static LoopbackProvider serve(Served dividends, Served splits, String... symbols) throws Exception {
        LoopbackProvider server = LoopbackProvider.start();
        for (String symbol : symbols) {
            server.route("/api/div/" + symbol + ".US", request -> LoopbackProvider.Answer.ok(
                    dividends.since(symbol, LocalDate.parse(query(request.query()).get("from")))));
            server.route("/api/splits/" + symbol + ".US", request -> LoopbackProvider.Answer.ok(
                    splits.since(symbol, LocalDate.parse(query(request.query()).get("from")))));
        }
        return server;
    }

    private static FetchTestKit.Opened<ActionFetcher> fetcher(FinstreamConfig c, LoopbackProvider server) {
        return FetchTestKit.open(c, server, "eodhd/actions", ActionFetcher::new);
    }

    /** The {@code from} each symbol's requests of {@code requests} asked for, as "path from". */
    private static List<String> asked(List<LoopbackProvider.Request> requests) {
        return requests.stream().map(r -> r.path() + " " + query(r.query()).get("from")).sorted().toList();
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    @Test
    void everyActionOnceAsPaidSortedAndARestartAsksFromTheLastExDateItself() throws Exception {
        FinstreamConfig c = kit.config("actions");
        Served dividends = new Served()
                .add("AAA", dividend("2020-08-07", "0.82", "0.205"), dividend("2023-11-10", "0.24", "0.24"),
                        dividend("2024-02-09", "0.24", "0.24"), dividend("2024-08-09", "0.25", "0.25"))
                .add("BBB", dividend("2022-07-15", "0.1", "0.1"))
                .add("CCC", dividend("2021-03-01", null, "0.5"), dividend("2021-06-01", "0.5", "0.5"));
        Served splits = new Served()
                .add("AAA", split("2020-08-31", "4.000000/1.000000"))
                .add("BBB", split("2022-07-15", "3.000000/2.000000"))
                .add("CCC", split("2021-01-04", "4:1"));
        List<String> symbols = List.of("AAA", "BBB", "CCC");
        List<String> firstRun = List.of(
                "AAA,2020-08-07,dividend,0.82", // as paid, not the 0.205 adjusted for the later 4:1 split
                "AAA,2020-08-31,split,4",
                "AAA,2023-11-10,dividend,0.24",
                "AAA,2024-02-09,dividend,0.24",
                "BBB,2022-07-15,dividend,0.1",
                "BBB,2022-07-15,split,1.5",
                "CCC,2021-06-01,dividend,0.5");
        try (LoopbackProvider server = serve(dividends, splits, "AAA", "BBB", "CCC")) {
            try (FetchTestKit.Opened<ActionFetcher> first = fetcher(c, server)) {
                first.fetcher().fetch(symbols, FROM, TO, 2);
            }
            assertEquals(6, server.requests().size(), "two requests per symbol");
            assertTrue(server.requests().stream().allMatch(r -> query(r.query()).get("from").equals("1900-01-01")
                    && query(r.query()).get("fmt").equals("json")
                    && query(r.query()).get("api_token").equals("secret-key")), server.requests().toString());
            assertEquals(firstRun, sorted(topic(c, "corporate-actions")),
                    "the 2024-08-09 dividend is after --to: not yet");
            assertEquals(List.of("BAD_NUMBER CCC", "MISSING_FIELD CCC"), topic(c, "dead-letters"),
                    "the 4:1 ratio and the dividend without unadjustedValue");
            assertEquals(List.of("BBB,2022-07-15,dividend,0.1", "BBB,2022-07-15,split,1.5"),
                    records(c, "corporate-actions").stream().filter(l -> l.startsWith("BBB")).toList(),
                    "published in ex-date then type order");

            int before = server.requests().size();
            try (FetchTestKit.Opened<ActionFetcher> restarted = fetcher(c, server)) {
                restarted.fetcher().fetch(symbols, FROM, LocalDate.of(2024, 12, 31), 2);
            }
            assertEquals(List.of("/api/div/AAA.US 2024-02-09", "/api/div/BBB.US 2022-07-15",
                    "/api/div/CCC.US 2021-06-01", "/api/splits/AAA.US 2024-02-09", "/api/splits/BBB.US 2022-07-15",
                    "/api/splits/CCC.US 2021-06-01"), asked(server.requests().subList(before, server.requests().size())),
                    "each symbol from its last published ex-date (an action added later that day is still found)");

            splits.add("AAA", split("2024-08-09", "2.000000/1.000000")); // announced after the dividend of that day
            try (FetchTestKit.Opened<ActionFetcher> later = fetcher(c, server)) {
                later.fetcher().fetch(symbols, FROM, LocalDate.of(2024, 12, 31), 2);
            }

            before = server.requests().size();
            try (FetchTestKit.Opened<ActionFetcher> current = fetcher(c, server)) {
                current.fetcher().fetch(symbols, FROM, LocalDate.of(2024, 8, 8), 2);
                assertEquals(1, current.metrics().skips());
                assertEquals(2, current.metrics().savedRequests());
            }
            assertTrue(server.requests().subList(before, server.requests().size()).stream()
                    .noneMatch(r -> r.path().contains("AAA")), "AAA has published beyond --to: no request");
        }
        assertEquals(sorted(Stream.concat(firstRun.stream(), Stream.of("AAA,2024-08-09,dividend,0.25",
                "AAA,2024-08-09,split,2")).toList()), topic(c, "corporate-actions"),
                "every action exactly once, the late split of the last ex-date included");
        assertEquals(List.of("BAD_NUMBER CCC", "MISSING_FIELD CCC"), topic(c, "dead-letters"));
    }

    @Test
    void aSymbolWhoseSecondRequestFailsPublishesNothingButADeadLetterAndAllOfItNextRun() throws Exception {
        FinstreamConfig c = kit.config("failing");
        Served dividends = new Served().add("AAA", dividend("2024-02-09", "0.24", "0.24"))
                .add("BBB", dividend("2024-03-01", "1.25", "1.25"));
        Served splits = new Served().add("AAA", split("2020-08-31", "4.000000/1.000000"));
        try (LoopbackProvider server = serve(dividends, splits, "AAA", "BBB")) {
            LoopbackProvider.Fault error = LoopbackProvider.Fault.status(500, "{\"error\":\"internal\"}");
            server.fault("/api/splits/AAA.US", error, error, error, error);
            try (FetchTestKit.Opened<ActionFetcher> first = fetcher(c, server)) {
                first.fetcher().fetch(List.of("AAA", "BBB"), FROM, TO, 2);
                assertEquals(4, first.metrics().requests("splits", 500), "every attempt used up");
            }
            assertEquals(List.of("BBB,2024-03-01,dividend,1.25"), topic(c, "corporate-actions"),
                    "AAA's dividend was fetched, but without its splits it is not published");
            assertEquals(List.of("FETCH_FAILED AAA"), topic(c, "dead-letters"));
            int before = server.requests().size();
            try (FetchTestKit.Opened<ActionFetcher> next = fetcher(c, server)) {
                next.fetcher().fetch(List.of("AAA", "BBB"), FROM, TO, 2);
            }
            assertEquals(List.of("/api/div/AAA.US 1900-01-01", "/api/div/BBB.US 2024-03-01",
                    "/api/splits/AAA.US 1900-01-01", "/api/splits/BBB.US 2024-03-01"),
                    asked(server.requests().subList(before, server.requests().size())),
                    "AAA's progress did not move");
        }
        assertEquals(List.of("AAA,2020-08-31,split,4", "AAA,2024-02-09,dividend,0.24", "BBB,2024-03-01,dividend,1.25"),
                topic(c, "corporate-actions"));
        assertEquals(List.of("FETCH_FAILED AAA"), topic(c, "dead-letters"));
    }

    @Test
    void theCommandFetchesTheWholeHistoryOnce() throws Exception {
        Served dividends = new Served().add("AAA", dividend("2024-02-09", "0.24", "0.24"));
        Served splits = new Served().add("AAA", split("2020-08-31", "4.000000/1.000000"));
        try (LoopbackProvider server = serve(dividends, splits, "AAA")) {
            String[] args = {"fetch", "actions", "--base-url", server.uri("/").toString(), "--symbols", "AAA",
                    "--to", TO.toString(), "--set", "kafka.bootstrap-servers=" + kit.bootstrapServers(),
                    "--set", "kafka.consumer-group=cli"};
            String out = execute(args);
            assertTrue(out.contains("published: corporate-actions 2") && out.contains("div: HTTP 200 x1")
                    && out.contains("splits: HTTP 200 x1"), out);
            assertTrue(execute(args).contains("published: nothing"));
            assertEquals(List.of("/api/div/AAA.US 1900-01-01", "/api/div/AAA.US 2024-02-09",
                    "/api/splits/AAA.US 1900-01-01", "/api/splits/AAA.US 2024-02-09"), asked(server.requests()));
        }
        assertEquals(List.of("AAA,2020-08-31,split,4", "AAA,2024-02-09,dividend,0.24"),
                topic(kit.defaultConfig(), "corporate-actions"));
    }

    @Test
    void splitRatiosAreExactDecimals() {
        assertEquals("4", ActionFetcher.ratio("4.000000/1.000000"));
        assertEquals("1.5", ActionFetcher.ratio("3/2"));
        assertEquals("10", ActionFetcher.ratio("10/1"));
        assertEquals("0.1", ActionFetcher.ratio("1.000000/10.000000"));
        assertEquals("0.33333333333333333333", ActionFetcher.ratio("1/3"));
        for (String malformed : List.of("4:1", "4/0", "4/1/1", "four/1", "")) {
            assertEquals(malformed, ActionFetcher.ratio(malformed), "passed on for validation to reject");
        }
    }
}
