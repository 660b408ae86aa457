package org.finstream.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.finstream.ingest.InputKind;
import org.finstream.records.ErrorCode;

/**
 * {@code finstream fetch prices}: daily bars from an EODHD-style HTTP API into the prices topic.
 * Per symbol, {@code GET <base>/api/eod/<SYMBOL>.<EXCHANGE>?from=&to=&fmt=json&api_token=KEY}
 * answers a JSON array of {@code {date, open, high, low, close, adjusted_close, volume}} (raw,
 * unadjusted prices, as the prices topic wants them). A symbol is asked only for the dates after
 * the last one it has published ({@link FetchProgress}): one that is current costs no request.
 * Each symbol's bars and its new mark are one Kafka transaction.
 */
public final class PriceFetcher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Provider provider;
    private final ProviderHttp http;
    private final FetchPublisher publisher;
    private final FetchMetrics metrics;
    private final Clock clock;

    public PriceFetcher(Provider provider, ProviderHttp http, FetchPublisher publisher, FetchMetrics metrics,
                        Clock clock) {
        this.provider = provider;
        this.http = http;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Fetches every symbol's missing bars of {@code [from, to]}, {@code threads} symbols at a time. */
    public void fetch(List<String> symbols, LocalDate from, LocalDate to, int threads) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (String symbol : symbols) {
                running.add(pool.submit(() -> {
                    fetchSymbol(symbol, from, to);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("fetching prices failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void fetchSymbol(String symbol, LocalDate from, LocalDate to) throws InterruptedException {
        FetchProgress.Mark mark = publisher.mark(symbol);
        LocalDate start = mark.through() == null || mark.through().isBefore(from) ? from : mark.through().plusDays(1);
        if (start.isAfter(to)) {
            metrics.skipped(symbol, 1);
            return;
        }
        URI uri = provider.uri("/api/eod/" + provider.ticker(symbol), Map.of("from", start.toString(),
                "to", to.toString(), "fmt", "json"));
        FetchPublisher.Batch batch = new FetchPublisher.Batch(new ArrayList<>(), new ArrayList<>(), new HashMap<>());
        Instant now = clock.instant();
        LocalDate through = mark.through();
        try {
            Response response = http.get("eod", uri, Map.of(), Validators.NONE);
            String request = "GET " + Redaction.mask(uri) + " -> " + response.status();
            JsonNode bars = parse(response);
            if (bars == null || !bars.isArray()) {
                batch.rejected().add(new FetchPublisher.Rejected("prices", symbol, response.body(),
                        ErrorCode.BAD_RESPONSE, request + ": not a JSON array of bars: " + excerpt(response.body())));
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

    private static JsonNode parse(Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return null;
        }
    }

    private static LocalDate date(JsonNode bar) {
        try {
            return LocalDate.parse(bar.path("date").asText());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
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

    static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
