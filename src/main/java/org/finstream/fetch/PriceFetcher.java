package org.finstream.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.finstream.ingest.InputKind;

/**
 * {@code finstream fetch prices}: daily bars from an EODHD-style HTTP API into the prices topic.
 * Per symbol, {@code GET <base>/api/eod/<SYMBOL>.<EXCHANGE>?from=&to=&fmt=json&api_token=KEY}
 * answers a JSON array of {@code {date, open, high, low, close, adjusted_close, volume}} (raw,
 * unadjusted prices, as the prices topic wants them). A symbol is asked only for the dates after
 * the last one it has published ({@link FetchProgress}): one that is current costs no request.
 * Each symbol's bars and its new mark are one Kafka transaction.
 */
public final class PriceFetcher {
    private final FetchContext context;
    private final Provider provider;
    private final FetchPublisher publisher;

    public PriceFetcher(FetchContext context) {
        this.context = context;
        this.provider = context.provider();
        this.publisher = context.publisher();
    }

    /** Fetches every symbol's missing bars of {@code [from, to]}, one request per symbol, {@code threads} symbols at a time. */
    public void fetch(List<String> symbols, LocalDate from, LocalDate to, int threads) throws InterruptedException {
        Fetching.inParallel(symbols, threads, "prices", symbol -> fetchSymbol(symbol, from, to));
    }

    /**
     * Fetches the missing bars of {@code [from, to]} a day at a time with the bulk endpoint
     * {@code GET <base>/api/eod-bulk-last-day/<EXCHANGE>?date=D&symbols=A,B,...}, {@code perRequest}
     * symbols per request (its answer: {@code [{code, date, open, high, low, close, volume}, ...]}):
     * for a daily update of a large universe, a few requests instead of one per symbol. Days go in
     * order, weekends skipped; a day's requests run {@code threads} at a time. A non-empty answer is
     * the provider's final word on its day: the day counts as done for every symbol asked (one
     * without a bar, suspended say, is not asked again). An empty one (a holiday, the day not
     * published yet, or only suspended symbols asked) changes no progress. A failed request or an
     * unusable answer changes none either, and its symbols are asked for no later day in this round
     * (which would move their progress past the day missed): they resume from that day next round.
     * Each request's bars, dead letters and marks are one transaction.
     */
    public void fetchBulk(List<String> symbols, LocalDate from, LocalDate to, int perRequest, int threads)
            throws InterruptedException {
        if (perRequest < 1) {
            throw new IllegalArgumentException("symbols per bulk request must be >= 1, got " + perRequest);
        }
        List<String> behind = new ArrayList<>();
        for (String symbol : symbols) {
            if (start(symbol, from).isAfter(to)) {
                context.metrics().skipped(symbol, 0); // it shares its requests with others: none spared for sure
            } else {
                behind.add(symbol);
            }
        }
        Set<String> stalled = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            if (day.getDayOfWeek() == java.time.DayOfWeek.SATURDAY || day.getDayOfWeek() == java.time.DayOfWeek.SUNDAY) {
                continue;
            }
            LocalDate d = day;
            List<String> due = behind.stream().filter(s -> !stalled.contains(s) && !start(s, from).isAfter(d)).toList();
            Fetching.inParallel(Fetching.chunks(due, perRequest), threads, "prices", chunk -> {
                if (!fetchBulkDay(chunk, d)) {
                    stalled.addAll(chunk);
                }
            });
        }
    }

    /** One bulk request for {@code day}; false when it failed or its answer was unusable. */
    private boolean fetchBulkDay(List<String> symbols, LocalDate day) throws InterruptedException {
        URI uri = provider.uri("/api/eod-bulk-last-day/" + provider.exchangeOrUs(), Map.of("date", day.toString(),
                "symbols", String.join(",", symbols), "fmt", "json"));
        FetchPublisher.Batch batch = new FetchPublisher.Batch();
        String key = symbols.get(0);
        boolean answered = false;
        try {
            Response response = context.http().get("eod-bulk", uri, Map.of(), Validators.NONE);
            String request = Fetching.request(uri, response);
            JsonNode bars = Fetching.json(response);
            if (bars == null || !bars.isArray()) {
                batch.rejected().add(Fetching.badResponse("prices", key, uri, response, "not a JSON array of bars"));
            } else if (bars.isEmpty()) {
                answered = true;
            } else {
                Set<String> asked = new HashSet<>(symbols);
                for (JsonNode bar : bars) {
                    String symbol = bar.path("code").asText();
                    if (asked.remove(symbol) && day.equals(date(bar))) {
                        Validation.check(InputKind.PRICES, symbol, csv(symbol, bar), request, batch);
                    }
                }
                Instant now = context.clock().instant();
                symbols.forEach(s -> batch.marks().put(s, new FetchProgress.Mark(day, null, null, now, List.of(), null)));
                answered = true;
            }
        } catch (FetchException e) {
            batch.rejected().add(FetchPublisher.Rejected.fetchFailed("prices", key, e));
        }
        publisher.publish(batch);
        return answered;
    }

    /** Where {@code symbol}'s missing dates start: the day after its last published one, or {@code from}. */
    private LocalDate start(String symbol, LocalDate from) {
        return Fetching.start(publisher.mark(symbol), from);
    }

    private void fetchSymbol(String symbol, LocalDate from, LocalDate to) throws InterruptedException {
        FetchProgress.Mark mark = publisher.mark(symbol);
        LocalDate start = Fetching.resume(context, symbol, mark, from, to, 1);
        if (start == null) {
            return;
        }
        URI uri = provider.uri("/api/eod/" + provider.ticker(symbol), Map.of("from", start.toString(),
                "to", to.toString(), "fmt", "json"));
        FetchPublisher.Batch batch = new FetchPublisher.Batch();
        Instant now = context.clock().instant();
        LocalDate through = mark.through();
        try {
            Response response = context.http().get("eod", uri, Map.of(), Validators.NONE);
            String request = Fetching.request(uri, response);
            JsonNode bars = Fetching.json(response);
            if (bars == null || !bars.isArray()) {
                batch.rejected().add(Fetching.badResponse("prices", symbol, uri, response, "not a JSON array of bars"));
            } else {
                for (JsonNode bar : bars) {
                    LocalDate date = date(bar);
                    if (date != null && (date.isBefore(start) || date.isAfter(to))) {
                        continue; // not asked for
                    }
                    if (Validation.check(InputKind.PRICES, symbol, csv(symbol, bar), request, batch) && date != null
                            && (through == null || date.isAfter(through))) {
                        through = date;
                    }
                }
            }
        } catch (FetchException e) {
            batch.rejected().add(FetchPublisher.Rejected.fetchFailed("prices", symbol, e));
        }
        batch.marks().put(symbol, new FetchProgress.Mark(through, null, null, now, List.of(), null));
        publisher.publish(batch);
    }

    private static LocalDate date(JsonNode bar) {
        return Fetching.date(bar.path("date").asText());
    }

    /** The prices topic's CSV line of one bar ({@code symbol,date,open,high,low,close,volume}); a missing field stays empty for validation to name. */
    static String csv(String symbol, JsonNode bar) {
        StringBuilder line = new StringBuilder(symbol);
        for (String field : List.of("date", "open", "high", "low", "close", "volume")) {
            JsonNode v = bar.get(field);
            line.append(',').append(v == null || v.isNull() ? "" : v.asText());
        }
        return line.toString();
    }

}
