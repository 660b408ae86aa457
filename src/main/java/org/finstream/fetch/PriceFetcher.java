package org.finstream.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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

    public PriceFetcher(FetchContext context) {
        this.context = context;
    }

    /** Fetches every symbol's missing bars of {@code [from, to]}, {@code threads} symbols at a time. */
    public void fetch(List<String> symbols, LocalDate from, LocalDate to, int threads) throws InterruptedException {
        Fetching.forEachSymbol(symbols, threads, "prices", symbol -> fetchSymbol(symbol, from, to));
    }

    private void fetchSymbol(String symbol, LocalDate from, LocalDate to) throws InterruptedException {
        FetchProgress.Mark mark = context.publisher().mark(symbol);
        LocalDate start = Fetching.resume(context, symbol, mark, from, to, 1);
        if (start == null) {
            return;
        }
        URI uri = context.provider().uri("/api/eod/" + context.provider().ticker(symbol),
                Map.of("from", start.toString(), "to", to.toString(), "fmt", "json"));
        FetchPublisher.Batch batch = new FetchPublisher.Batch();
        Instant now = context.clock().instant();
        LocalDate through = mark.through();
        try {
            Response response = context.http().get("eod", uri, Map.of(), Validators.NONE);
            JsonNode bars = Fetching.json(response);
            if (bars == null || !bars.isArray()) {
                batch.rejected().add(Fetching.badResponse("prices", symbol, uri, response,
                        "not a JSON array of bars"));
            } else {
                String request = Fetching.request(uri, response);
                for (JsonNode bar : bars) {
                    LocalDate date = Fetching.date(Fetching.text(bar, "date"));
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
            batch.rejected().add(Fetching.failed("prices", symbol, e));
        }
        batch.marks().put(symbol, new FetchProgress.Mark(through, null, null, now, List.of(), null));
        context.publisher().publish(batch);
    }

    /** The prices topic's CSV line of one bar ({@code symbol,date,open,high,low,close,volume}); a missing field stays empty for validation to name. */
    static String csv(String symbol, JsonNode bar) {
        return Fetching.csv(symbol, Fetching.text(bar, "date"), Fetching.text(bar, "open"), Fetching.text(bar, "high"),
                Fetching.text(bar, "low"), Fetching.text(bar, "close"), Fetching.text(bar, "volume"));
    }
}
