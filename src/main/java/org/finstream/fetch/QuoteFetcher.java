package org.finstream.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.finstream.ingest.InputKind;

/**
 * {@code finstream fetch quotes}: intraday polling of an EODHD-style real-time endpoint into the
 * prices topic, many symbols per request:
 * {@code GET <base>/api/real-time/<FIRST>.<EXCH>?s=<SECOND>.<EXCH>,...&fmt=json} answers, per
 * symbol, the day so far: {@code {code, timestamp (epoch seconds), open, high, low, close, volume}}
 * (an object for one symbol, an array for several; {@code "NA"} where the provider has nothing).
 * Each new snapshot becomes one intraday bar ({@code ts} = its timestamp, {@code date} = its
 * trading date in the market's zone) with the day's open, high, low and last price, and as
 * volume what traded since the previous snapshot: the pipeline adds intraday volumes up, while
 * the provider's volume is the day's total. A snapshot not newer than the symbol's last published
 * one is not published again.
 */
public final class QuoteFetcher {
    private final FetchContext context;
    private final Provider provider;
    private final FetchPublisher publisher;
    private final ZoneId zone;

    /** @param zone the market's zone: a snapshot's trading date is its timestamp's date there */
    public QuoteFetcher(FetchContext context, ZoneId zone) {
        this.context = context;
        this.provider = context.provider();
        this.publisher = context.publisher();
        this.zone = zone;
    }

    /** One poll of every symbol, {@code perRequest} symbols per request, {@code threads} requests at a time. */
    public void poll(List<String> symbols, int perRequest, int threads) throws InterruptedException {
        if (perRequest < 1) {
            throw new IllegalArgumentException("symbols per request must be >= 1, got " + perRequest);
        }
        Fetching.inParallel(Fetching.chunks(symbols, perRequest), threads, "quotes", this::pollGroup);
    }

    private void pollGroup(List<String> symbols) throws InterruptedException {
        Map<String, String> query = new HashMap<>(Map.of("fmt", "json"));
        if (symbols.size() > 1) {
            query.put("s", symbols.subList(1, symbols.size()).stream().map(provider::ticker)
                    .collect(Collectors.joining(",")));
        }
        URI uri = provider.uri("/api/real-time/" + provider.ticker(symbols.get(0)), query);
        FetchPublisher.Batch batch = new FetchPublisher.Batch();
        try {
            Response response = context.http().get("real-time", uri, Map.of(), Validators.NONE);
            String request = Fetching.request(uri, response);
            JsonNode answer = Fetching.json(response);
            if (answer == null || !(answer.isArray() || answer.isObject())) {
                batch.rejected().add(Fetching.badResponse("prices", symbols.get(0), uri, response, "not real-time quotes"));
            } else {
                Map<String, String> byTicker = symbols.stream().collect(Collectors.toMap(provider::ticker, s -> s));
                Instant now = context.clock().instant();
                for (JsonNode quote : answer.isArray() ? answer : List.of(answer)) {
                    String symbol = byTicker.get(quote.path("code").asText());
                    if (symbol != null) {
                        snapshot(symbol, quote, request, now, batch);
                    }
                }
            }
        } catch (FetchException e) {
            batch.rejected().add(FetchPublisher.Rejected.fetchFailed("prices", symbols.get(0), e));
        }
        publisher.publish(batch);
    }

    /** Adds {@code quote} to the batch as an intraday bar when it is newer than what {@code symbol} published. */
    private void snapshot(String symbol, JsonNode quote, String request, Instant now, FetchPublisher.Batch batch) {
        JsonNode timestamp = quote.get("timestamp");
        if (timestamp == null || !timestamp.canConvertToLong() || !quote.path("close").isNumber()) {
            return; // "NA": the provider has no quote for it now
        }
        Instant ts = Instant.ofEpochSecond(timestamp.asLong());
        FetchProgress.Mark mark = publisher.mark(symbol);
        if (mark.latest() != null && !ts.isAfter(mark.latest())) {
            return; // the same snapshot as last time
        }
        LocalDate date = ts.atZone(zone).toLocalDate();
        long dayVolume = quote.path("volume").asLong();
        long before = date.equals(mark.through()) && mark.volume() != null ? mark.volume() : 0;
        String line = String.join(",", symbol, date.toString(), quote.path("open").asText(),
                quote.path("high").asText(), quote.path("low").asText(), quote.path("close").asText(),
                Long.toString(Math.max(0, dayVolume - before)), ts.toString());
        // an invalid snapshot is a dead letter, and its volume is left to the next valid one's difference
        boolean valid = Validation.check(InputKind.PRICES, symbol, line, request, batch);
        batch.marks().put(symbol, new FetchProgress.Mark(date, null, null, now, List.of(), null, ts,
                valid ? dayVolume : before));
    }
}
