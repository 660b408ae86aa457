package org.finstream.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.finstream.ingest.InputKind;

/**
 * {@code finstream fetch reference}: names, sectors, industries and CIKs from an EODHD-style HTTP API into the
 * reference topic. Per symbol, {@code GET <base>/api/fundamentals/<SYMBOL>.<EXCHANGE>?filter=General&fmt=json}
 * answers a JSON object with {@code Code, Name, Sector, Industry, CIK} (and more, ignored); the record is {@code
 * symbol,name,sector,industry,cik} with the symbol as the universe names it, fields quoted where they need it, and
 * the CIK zero-padded to 10 digits as SEC EDGAR writes it (empty when absent or null; one that is not 1 to 10
 * digits makes the answer a {@code BAD_RESPONSE}).
 *
 * <p>Reference data changes rarely and is re-read whole, so three things keep it cheap: a symbol checked less than
 * {@code maxAge} ago costs no request; otherwise the request is conditional on the mark's {@link Validators} (a 304
 * publishes nothing, only the time of the check); and a 200 whose record has the same SHA-256 digest as the last
 * one published publishes nothing either. A failed request or an unusable answer is a dead letter and leaves the
 * mark as it was, so the symbol is asked again next run. Each symbol's record (or dead letter) and its new mark are
 * one Kafka transaction.
 */
public final class ReferenceFetcher {
    private static final String TOPIC = InputKind.REFERENCE.defaultTopic();

    private final FetchContext context;

    public ReferenceFetcher(FetchContext context) {
        this.context = context;
    }

    /** Checks every symbol not checked within {@code maxAge} (&ge; 0), {@code threads} symbols at a time. */
    public void fetch(List<String> symbols, Duration maxAge, int threads) throws InterruptedException {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must be >= 0, was " + maxAge);
        }
        Fetching.inParallel(symbols, threads, "reference data", symbol -> fetchSymbol(symbol, maxAge));
    }

    private void fetchSymbol(String symbol, Duration maxAge) throws InterruptedException {
        FetchProgress.Mark mark = context.publisher().mark(symbol);
        Instant now = context.clock().instant();
        if (Fetching.fresh(context, symbol, mark, now, maxAge)) {
            return;
        }
        URI uri = context.provider().uri("/api/fundamentals/" + context.provider().ticker(symbol),
                Map.of("filter", "General", "fmt", "json"));
        FetchPublisher.Batch batch = new FetchPublisher.Batch();
        try {
            Response response = context.http().get("fundamentals", uri, Map.of(),
                    new Validators(mark.etag(), mark.lastModified()));
            String digest = mark.digest();
            if (!response.notModified()) {
                JsonNode general = Fetching.json(response);
                String cik = general == null || !general.isObject() ? null : cik(general.get("CIK"));
                if (cik == null) {
                    batch.rejected().add(Fetching.badResponse(TOPIC, symbol, uri, response,
                            general == null || !general.isObject() ? "not a JSON object of General data"
                                    : "CIK is not 1 to 10 digits"));
                    context.publisher().publish(batch);
                    return;
                }
                String line = Fetching.csv(symbol, Fetching.text(general, "Name"), Fetching.text(general, "Sector"),
                        Fetching.text(general, "Industry"), cik);
                String lineDigest = sha256(line);
                if (!lineDigest.equals(digest)
                        && Validation.check(InputKind.REFERENCE, symbol, line, Fetching.request(uri, response), batch)) {
                    digest = lineDigest;
                }
            }
            batch.marks().put(symbol, new FetchProgress.Mark(null, response.etag(), response.lastModified(), now,
                    List.of(), digest));
        } catch (FetchException e) {
            batch.rejected().add(FetchPublisher.Rejected.fetchFailed(TOPIC, symbol, e));
        }
        context.publisher().publish(batch);
    }

    /**
     * The CIK zero-padded to 10 digits ({@code 320193}, {@code "320193"} and {@code "0000320193"} are all {@code
     * 0000320193}); empty when absent, null or blank; null when it is not 1 to 10 digits.
     */
    static String cik(JsonNode cik) {
        if (cik != null && cik.isContainerNode()) {
            return null;
        }
        String text = cik == null || cik.isNull() ? "" : cik.asText().trim();
        if (text.isEmpty()) {
            return "";
        }
        if (!text.matches("[0-9]{1,10}")) {
            return null;
        }
        return "0".repeat(10 - text.length()) + text;
    }

    /** The SHA-256 of {@code line}'s UTF-8 bytes, in lower-case hex. */
    static String sha256(String line) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(line.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
