package org.finstream.fetch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A polite, resilient HTTP GET client for one market-data provider, shared by all of its fetcher threads.
 *
 * <p>Each call makes up to {@code maxAttempts} attempts. Before each attempt the {@link CircuitBreaker} is asked
 * (refused: {@link CircuitOpenException}, nothing sent); then a slot of the fair concurrency limit
 * ({@code maxConcurrentRequests}) and one token of the {@link TokenBucket} are taken, so retries count against the
 * rate limit too. I/O errors (connect failures, timeouts, resets), 429 and 5xx are retried after a {@link Backoff}
 * delay (at least the {@code Retry-After} of a 429 or 503, capped) and count as breaker failures; 2xx, 304 and
 * other statuses count as breaker successes (a 404 is the provider answering) and are not retried. API keys in the
 * URI never appear in exceptions.
 *
 * <p>{@code requestTimeout} bounds the wait for the response headers ({@link HttpRequest.Builder#timeout}); the
 * JDK client does not time the body once the headers have arrived. The JDK client also retries a GET once on its
 * own, without asking for a token, when a connection closes before any byte of the response (or the connect is
 * refused): a server that drops connections may see two requests for one attempt. Thread-safe.
 */
public final class ProviderHttp {
    private static final int EXCERPT_CHARS = 500;
    /** Decoded and masked before the excerpt is cut: enough for 500 characters and a secret that straddles them. */
    private static final int EXCERPT_SCAN_BYTES = 16 * 1024;

    private final FetchSettings settings;
    private final FetchMetrics metrics;
    private final Ticker ticker;
    private final Clock clock;
    private final HttpClient client;
    private final TokenBucket tokens;
    private final Semaphore concurrency;
    private final CircuitBreaker breaker;
    private final Backoff backoff;

    /** A client on the system clock. */
    public ProviderHttp(FetchSettings settings, FetchMetrics metrics) {
        this(settings, metrics, Ticker.system(), Clock.systemUTC());
    }

    /**
     * A client whose rate limit, breaker and back-off sleeps use {@code ticker}, and whose {@code Retry-After}
     * dates are read against {@code clock}.
     */
    public ProviderHttp(FetchSettings settings, FetchMetrics metrics, Ticker ticker, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.tokens = new TokenBucket(settings.requestsPerMinute(), settings.burst(), ticker);
        this.concurrency = new Semaphore(settings.maxConcurrentRequests(), true);
        this.breaker = new CircuitBreaker(settings.breakerFailureThreshold(), settings.breakerOpenDuration(), ticker,
                metrics::breakerTransition);
        this.backoff = new Backoff(settings.backoffBase(), settings.backoffMax(), settings.maxRetryAfter(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * GETs {@code uri}, retrying as described above.
     *
     * @param endpoint a short name for metrics and errors ("eod", "splits")
     * @param headers headers of this call; they replace default headers of the same name
     * @param validators sent as {@code If-None-Match} / {@code If-Modified-Since}; {@link Validators#NONE} for none
     * @return a 2xx, or a 304 ({@link Response#notModified()})
     * @throws CircuitOpenException if the breaker refused an attempt
     * @throws FetchException on a status that is not retried, or once {@code maxAttempts} attempts have failed
     */
    public Response get(String endpoint, URI uri, Map<String, String> headers, Validators validators)
            throws FetchException, InterruptedException {
        Objects.requireNonNull(endpoint, "endpoint");
        HttpRequest request = request(uri, headers, validators);
        Attempt last = null;
        for (int attempt = 1; ; attempt++) {
            Attempt sent = send(endpoint, request);
            if (sent == null) {
                throw circuitOpen(endpoint, uri, attempt - 1, last);
            }
            last = sent;
            if (!last.unhealthy()) {
                return answer(endpoint, uri, attempt, last, validators);
            }
            if (attempt == settings.maxAttempts()) {
                throw failure(endpoint, uri, attempt, last);
            }
            metrics.recordRetry();
            ticker.sleepNanos(backoff.delay(attempt - 1, last.retryAfter(), clock.instant()).toNanos());
        }
    }

    /** The breaker's state, for health reports. */
    public CircuitBreaker.State breakerState() {
        return breaker.state();
    }

    private HttpRequest request(URI uri, Map<String, String> headers, Validators validators) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(validators, "validators");
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(uri);
        } catch (IllegalArgumentException e) {
            // the JDK's message quotes the whole URI
            throw new IllegalArgumentException("not an http(s) URI with a host: " + Redaction.mask(uri));
        }
        b.GET().timeout(settings.requestTimeout()).setHeader("User-Agent", settings.userAgent());
        settings.defaultHeaders().forEach(b::setHeader);
        headers.forEach(b::setHeader);
        if (validators.etag() != null) {
            b.setHeader("If-None-Match", validators.etag());
        }
        if (validators.lastModified() != null) {
            b.setHeader("If-Modified-Since", validators.lastModified());
        }
        return b.build();
    }

    /**
     * One attempt: a concurrency slot, a token, then the breaker's permit (asked last, so that an
     * attempt that waited for its slot or token while the breaker opened sends nothing), the
     * exchange; the permit gets its outcome (or is released). Null when the breaker refused.
     */
    private Attempt send(String endpoint, HttpRequest request) throws InterruptedException {
        concurrency.acquire();
        try {
            tokens.acquire();
            Optional<CircuitBreaker.Permit> permit = breaker.tryAcquire();
            if (permit.isEmpty()) {
                return null;
            }
            try {
                long start = ticker.nanos();
                Attempt attempt;
                try {
                    attempt = new Attempt(client.send(request, HttpResponse.BodyHandlers.ofByteArray()), null);
                } catch (IOException e) {
                    attempt = new Attempt(null, e);
                }
                metrics.recordRequest(endpoint, attempt.status(), ticker.nanos() - start);
                if (attempt.unhealthy()) {
                    permit.get().failure();
                } else {
                    permit.get().success();
                }
                return attempt;
            } catch (InterruptedException e) {
                permit.get().release();
                throw e;
            }
        } finally {
            concurrency.release();
        }
    }

    private Response answer(String endpoint, URI uri, int attempts, Attempt last, Validators sent) throws FetchException {
        HttpResponse<byte[]> r = last.response();
        String etag = r.headers().firstValue("ETag").orElse(null);
        String lastModified = r.headers().firstValue("Last-Modified").orElse(null);
        if (r.statusCode() == 304) {
            metrics.recordNotModified();
            return new Response(304, r.headers(), new byte[0], attempts, etag != null ? etag : sent.etag(),
                    lastModified != null ? lastModified : sent.lastModified(), true);
        }
        if (r.statusCode() / 100 != 2) {
            throw failure(endpoint, uri, attempts, last);
        }
        return new Response(r.statusCode(), r.headers(), r.body(), attempts, etag, lastModified, false);
    }

    private static FetchException failure(String endpoint, URI uri, int attempts, Attempt last) {
        String excerpt = last.excerpt(uri);
        IOException error = last.error();
        String what = error == null ? "HTTP " + last.status() + (excerpt.isEmpty() ? "" : ": " + excerpt)
                : error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": "
                + Redaction.mask(error.getMessage(), uri));
        String masked = Redaction.mask(uri);
        String message = endpoint + ": GET " + masked + " failed after " + attempts
                + (attempts == 1 ? " attempt: " : " attempts: ") + what;
        Throwable cause = error != null && !Redaction.mentionsSecret(error, uri) ? error : null;
        return new FetchException(message, endpoint, masked, last.status(), excerpt, attempts, cause);
    }

    private static CircuitOpenException circuitOpen(String endpoint, URI uri, int attempts, Attempt last) {
        String masked = Redaction.mask(uri);
        String message = endpoint + ": circuit breaker open, GET " + masked + " not sent";
        if (last == null) {
            return new CircuitOpenException(message, endpoint, masked, -1, "", 0);
        }
        FetchException previous = failure(endpoint, uri, attempts, last);
        return new CircuitOpenException(message + " (" + previous.getMessage() + ")", endpoint, masked, last.status(),
                previous.bodyExcerpt(), attempts);
    }

    /** One attempt's outcome: a response, or the I/O error that prevented one. */
    private record Attempt(HttpResponse<byte[]> response, IOException error) {
        int status() {
            return response == null ? -1 : response.statusCode();
        }

        /** Retried, and a breaker failure: an I/O error, 429 or 5xx. */
        boolean unhealthy() {
            int status = status();
            return status < 0 || status == 429 || status >= 500;
        }

        /** The {@code Retry-After} of a 429 or 503, or null. */
        String retryAfter() {
            int status = status();
            return status == 429 || status == 503 ? response.headers().firstValue("Retry-After").orElse(null) : null;
        }

        /** The start of the body, secrets masked before it is cut (so no part of one is left). */
        String excerpt(URI uri) {
            if (response == null || response.body() == null) {
                return "";
            }
            byte[] body = response.body();
            String head = Redaction.mask(new String(body, 0, Math.min(body.length, EXCERPT_SCAN_BYTES),
                    StandardCharsets.UTF_8), uri);
            return head.length() > EXCERPT_CHARS ? head.substring(0, EXCERPT_CHARS) : head;
        }
    }
}
