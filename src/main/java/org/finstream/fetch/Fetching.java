package org.finstream.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.KafkaException;
import org.finstream.ingest.CsvLine;
import org.finstream.records.ErrorCode;

/**
 * What the fetchers do alike: their requests on a thread pool, where a dated source resumes, the JSON of a response,
 * the CSV line of a record, and the dead letter of a response that is unusable.
 */
final class Fetching {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most of a response body a dead letter keeps. */
    static final int MAX_RAW = 64 * 1024;

    private Fetching() {}

    /** One unit of a fetch: a symbol, a group of symbols, a company. */
    @FunctionalInterface
    interface Task<T> {
        void run(T item) throws Exception;
    }

    /**
     * Runs {@code task} on every item, {@code threads} at a time, and waits for all of them. A Kafka
     * failure (the publisher fenced by a newer fetcher, the broker gone) stops the rest at once: no
     * item can publish any more. Any other failure of one item lets the others finish and then fails
     * the run, named after {@code dataSet}, with the number of items that failed and the first cause.
     */
    static <T> void inParallel(List<T> items, int threads, String dataSet, Task<T> task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (T item : items) {
                running.add(pool.submit(() -> {
                    task.run(item);
                    return null;
                }));
            }
            List<Throwable> failures = new ArrayList<>();
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof KafkaException) {
                        throw new IllegalStateException("fetching " + dataSet + " failed: " + e.getCause().getMessage(),
                                e.getCause());
                    }
                    failures.add(e.getCause());
                }
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("fetching " + dataSet + ": " + failures.size() + " of " + items.size()
                        + " failed, the first: " + failures.get(0), failures.get(0));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code items} in consecutive groups of at most {@code size}. */
    static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            chunks.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return chunks;
    }

    /**
     * The first date to ask a dated source for: {@code from}, or the day after the mark's last published date if that
     * is later. Null when it is after {@code to}: the symbol is current, which counts as a skip that spared {@code
     * requests} requests.
     */
    static LocalDate resume(FetchContext context, String symbol, FetchProgress.Mark mark, LocalDate from, LocalDate to,
                            int requests) {
        LocalDate start = start(mark, from);
        if (start.isAfter(to)) {
            context.metrics().skipped(symbol, requests);
            return null;
        }
        return start;
    }

    /**
     * Whether {@code symbol} was checked less than {@code maxAge} before {@code now}: then it is
     * skipped without a request (counted as a skip that spared one).
     */
    static boolean fresh(FetchContext context, String symbol, FetchProgress.Mark mark, Instant now, Duration maxAge) {
        if (mark.checkedAt() != null && now.isBefore(mark.checkedAt().plus(maxAge))) {
            context.metrics().skipped(symbol, 1);
            return true;
        }
        return false;
    }

    /** The day after the mark's last published date, or {@code from} if that is later or nothing is published. */
    static LocalDate start(FetchProgress.Mark mark, LocalDate from) {
        return mark.through() == null || mark.through().isBefore(from) ? from : mark.through().plusDays(1);
    }

    /** {@code GET <uri, secrets masked> -> <status>}: what a dead letter names as the record's origin. */
    static String request(URI uri, Response response) {
        return "GET " + Redaction.mask(uri) + " -> " + response.status();
    }

    /** The body as JSON, or null when it is not JSON. */
    static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return null;
        }
    }

    /** The text of {@code node}'s {@code field}, empty when it is absent or null (so that validation names it). */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /** {@code text} as an ISO date, or null when it is none. */
    static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** One CSV line of {@code fields}, each quoted where it needs to be. */
    static String csv(String... fields) {
        return Stream.of(fields).map(CsvLine::quote).collect(Collectors.joining(","));
    }

    /**
     * A {@code BAD_RESPONSE} dead letter: the response is not the provider's format; raw value the body.
     *
     * @param problem what is wrong with it, e.g. "not a JSON array of bars"
     */
    static FetchPublisher.Rejected badResponse(String topic, String symbol, URI uri, Response response,
                                               String problem) {
        return new FetchPublisher.Rejected(topic, symbol, raw(response.body(), uri), ErrorCode.BAD_RESPONSE,
                request(uri, response) + ": " + problem + ": " + Redaction.mask(excerpt(response.body()), uri)
                        + (response.body().length > MAX_RAW ? " (raw value: its first " + MAX_RAW + " of "
                        + response.body().length + " bytes)" : ""));
    }

    /**
     * A response body as a dead letter's raw value: any secret of the request (the API key) masked,
     * and at most {@link #MAX_RAW} bytes, far below Kafka's default 1 MB record limit (a
     * companyfacts answer is several MB; a dead letter the broker refuses would stop the fetcher).
     */
    static byte[] raw(byte[] body, URI uri) {
        String text = new String(body, StandardCharsets.UTF_8);
        String masked = Redaction.mask(text, uri);
        byte[] bytes = masked.equals(text) ? body : masked.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= MAX_RAW ? bytes : java.util.Arrays.copyOf(bytes, MAX_RAW);
    }

    /** The start of a body, for messages. */
    static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
