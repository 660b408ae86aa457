package org.finstream.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.finstream.fetch.LoopbackProvider.Answer;
import org.finstream.fetch.LoopbackProvider.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries, timeouts, resets, errors and conditional requests against a real server on loopback. */
class ProviderHttpRetryTest {
    private static final String SECRET = "SECRETKEY123";

    private LoopbackProvider provider;
    private final FetchMetrics metrics = new FetchMetrics();

    /** A timeout far shorter than a slow fault, for the tests of timeouts only: a loaded machine can exceed it. */
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
    private static final Duration SLOW = Duration.ofSeconds(5);

    /**
     * Fast settings: back-off of a few ms, limits out of the way, and timeouts long enough that a busy machine does
     * not cause a timeout by itself.
     */
    static FetchSettings.Builder fast() {
        return FetchSettings.builder().requestsPerMinute(600_000).burst(100).maxConcurrentRequests(8)
                .connectTimeout(Duration.ofSeconds(10)).requestTimeout(Duration.ofSeconds(10)).maxAttempts(3)
                .backoffBase(Duration.ofMillis(5)).backoffMax(Duration.ofMillis(20)).breakerFailureThreshold(20)
                .maxRetryAfter(Duration.ofSeconds(5)).userAgent("finstream-test (test@example.org)");
    }

    @BeforeEach
    void start() throws Exception {
        provider = LoopbackProvider.start().route("/eod", r -> Answer.ok("[{\"close\":1.5}]"));
    }

    @AfterEach
    void stop() throws Exception {
        provider.close();
    }

    private Response get(FetchSettings settings, URI uri) throws Exception {
        return new ProviderHttp(settings, metrics).get("eod", uri, Map.of(), Validators.NONE);
    }

    @Test
    void a429IsRetriedNoSoonerThanItsRetryAfter() throws Exception {
        provider.fault("/eod", Fault.tooManyRequests("1"));
        Response r = get(fast().build(), provider.uri("/eod?symbol=AAPL"));
        assertEquals(200, r.status());
        assertEquals(2, r.attempts());
        List<LoopbackProvider.Request> seen = provider.requests("/eod");
        assertEquals(2, seen.size());
        long waited = seen.get(1).arrivalNanos() - seen.get(0).arrivalNanos();
        assertTrue(waited >= Duration.ofSeconds(1).toNanos(), "retried after only " + waited + " ns");
        assertEquals(1, metrics.requests("eod", 429));
        assertEquals(1, metrics.requests("eod", 200));
        assertEquals(1, metrics.retries());
    }

    @Test
    void serverErrorsAreRetriedUntilSuccess() throws Exception {
        provider.fault("/eod", Fault.status(500, "oops"), Fault.status(503, "busy"));
        Response r = get(fast().build(), provider.uri("/eod"));
        assertEquals("[{\"close\":1.5}]", new String(r.body(), StandardCharsets.UTF_8));
        assertEquals(3, r.attempts());
        assertEquals(3, provider.requests("/eod").size());
        assertEquals(2, metrics.retries());
    }

    /** A busy machine may time out a normal answer too: hence "at least", and spare attempts. */
    @Test
    void aResponseSlowerThanTheRequestTimeoutIsRetried() throws Exception {
        provider.fault("/eod", Fault.slow(SLOW));
        Response r = get(fast().requestTimeout(SHORT_TIMEOUT).maxAttempts(6).build(), provider.uri("/eod"));
        assertEquals(200, r.status());
        assertTrue(r.attempts() >= 2, "attempts " + r.attempts());
        assertEquals(r.attempts(), provider.requests("/eod").size());
        assertEquals(r.attempts() - 1, metrics.requests("eod", -1), "a timeout counts as an I/O error");
    }

    /**
     * The JDK client retries a GET once by itself when the connection closes before any response byte, so the
     * first attempt fails only after two resets.
     */
    @Test
    void aConnectionResetIsRetried() throws Exception {
        provider.fault("/eod", Fault.reset(), Fault.reset(), Fault.reset(), Fault.reset());
        Response r = get(fast().build(), provider.resettingUri("/eod"));
        assertEquals(200, r.status());
        assertEquals(3, r.attempts());
        assertEquals(4, provider.resets());
        assertEquals(1, provider.requests("/eod").size(), "only the last request got through to the server");
        assertEquals(2, metrics.requests("eod", -1));
    }

    @Test
    void aMalformedBodyIsReturnedAsIsForTheCallerToReject() throws Exception {
        provider.fault("/eod", Fault.malformed("{\"close\": [tru"));
        Response r = get(fast().build(), provider.uri("/eod"));
        assertEquals(1, r.attempts());
        assertEquals("{\"close\": [tru", new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aNotFoundIsNotRetriedAndDoesNotCountAgainstTheBreaker() throws Exception {
        ProviderHttp http = new ProviderHttp(fast().breakerFailureThreshold(1).build(), metrics);
        FetchException e = assertThrows(FetchException.class,
                () -> http.get("eod", provider.uri("/nope?apikey=" + SECRET), Map.of(), Validators.NONE));
        assertEquals(404, e.status());
        assertEquals(1, e.attempts());
        assertEquals("eod", e.endpoint());
        assertEquals(1, provider.requests().size());
        assertEquals(0, metrics.retries());
        assertEquals(CircuitBreaker.State.CLOSED, http.breakerState());
        assertTrue(e.getMessage().contains("HTTP 404: no route for /nope"), e.getMessage());
    }

    @Test
    void theFinalFailureNamesStatusAndBodyButNeverTheKey() throws Exception {
        String body = "upstream failed for key " + SECRET + " " + "x".repeat(2000);
        provider.route("/eod", r -> Answer.status(500, body));
        FetchException e = assertThrows(FetchException.class,
                () -> get(fast().build(), provider.uri("/eod?symbol=AAPL&apikey=" + SECRET + "&fmt=json")));
        assertEquals(500, e.status());
        assertEquals(3, e.attempts());
        assertEquals(3, provider.requests("/eod").size());
        assertEquals(provider.uri("/eod?symbol=AAPL&apikey=***&fmt=json").toString(), e.uri());
        assertEquals(500, e.bodyExcerpt().length());
        assertTrue(e.bodyExcerpt().startsWith("upstream failed for key *** xxx"), e.bodyExcerpt());
        assertTrue(e.getMessage().contains("failed after 3 attempts: HTTP 500: upstream failed"), e.getMessage());
        assertTrue(e.getMessage().contains("apikey=***"), e.getMessage());
        assertNull(e.getCause());
        assertFalse(stackTrace(e).contains(SECRET), stackTrace(e));
    }

    @Test
    void anIoFailureKeepsItsCauseButNotTheKey() throws Exception {
        provider.fault("/eod", Fault.slow(SLOW), Fault.slow(SLOW));
        FetchException e = assertThrows(FetchException.class, () -> get(
                fast().requestTimeout(SHORT_TIMEOUT).maxAttempts(2).build(), provider.uri("/eod?api_token=" + SECRET)));
        assertEquals(-1, e.status());
        assertEquals(2, e.attempts());
        assertInstanceOf(HttpTimeoutException.class, e.getCause());
        assertTrue(e.getMessage().contains("api_token=***") && e.getMessage().contains("HttpTimeoutException"),
                e.getMessage());
        assertFalse(stackTrace(e).contains(SECRET), stackTrace(e));
    }

    @Test
    void aRefusedConnectionIsRetriedThenReported() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI uri = URI.create("http://127.0.0.1:" + closedPort + "/eod?token=" + SECRET);
        FetchException e = assertThrows(FetchException.class, () -> get(fast().maxAttempts(2).build(), uri));
        assertEquals(2, e.attempts());
        assertEquals(-1, e.status());
        assertInstanceOf(ConnectException.class, e.getCause());
        assertTrue(e.getMessage().contains("token=***"), e.getMessage());
        assertEquals(2, metrics.requests("eod", -1));
    }

    @Test
    void sendsUserAgentDefaultAndCallHeaders() throws Exception {
        ProviderHttp http = new ProviderHttp(fast().defaultHeader("Accept", "application/json")
                .defaultHeader("X-Plan", "free").build(), metrics);
        http.get("eod", provider.uri("/eod"), Map.of("X-Plan", "pro"), Validators.NONE);
        LoopbackProvider.Request seen = provider.requests().get(0);
        assertEquals("finstream-test (test@example.org)", seen.header("User-Agent"));
        assertEquals("application/json", seen.header("Accept"));
        assertEquals(List.of("pro"), seen.headers().get("X-Plan"), "the call's header replaces the default");
        assertNull(seen.header("If-None-Match"));
        assertNull(seen.header("If-Modified-Since"));
    }

    @Test
    void anUnchangedResourceIsA304WithTheSameValidators() throws Exception {
        String lastModified = "Fri, 01 Mar 2024 21:00:00 GMT";
        provider.route("/eod", r -> Answer.ok("[1,2,3]").withHeader("ETag", "W/\"v1\"")
                .withHeader("Last-Modified", lastModified));
        ProviderHttp http = new ProviderHttp(fast().build(), metrics);
        Response first = http.get("eod", provider.uri("/eod"), Map.of(), Validators.NONE);
        assertFalse(first.notModified());
        assertEquals(new Validators("W/\"v1\"", lastModified), first.validators());

        Response second = http.get("eod", provider.uri("/eod"), Map.of(), first.validators());
        assertTrue(second.notModified());
        assertEquals(304, second.status());
        assertArrayEquals(new byte[0], second.body());
        assertEquals(first.validators(), second.validators());
        LoopbackProvider.Request seen = provider.requests().get(1);
        assertEquals("W/\"v1\"", seen.header("If-None-Match"));
        assertEquals(lastModified, seen.header("If-Modified-Since"));

        Response byDate = http.get("eod", provider.uri("/eod"), Map.of(), new Validators(null, lastModified));
        assertTrue(byDate.notModified(), "If-Modified-Since alone");
        Response changed = http.get("eod", provider.uri("/eod"), Map.of(), new Validators("\"v0\"", null));
        assertFalse(changed.notModified());
        assertEquals(2, metrics.notModified());
    }

    @Test
    void rejectsANonHttpUriWithoutShowingItsKey() {
        ProviderHttp http = new ProviderHttp(fast().build(), metrics);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> http.get("eod", URI.create("ftp://x/eod?apikey=" + SECRET), Map.of(), Validators.NONE));
        assertEquals("not an http(s) URI with a host: ftp://x/eod?apikey=***", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> http.get("eod", URI.create("http:/eod?apikey=" + SECRET), Map.of(), Validators.NONE));
    }

    private static String stackTrace(Throwable t) {
        StringWriter s = new StringWriter();
        t.printStackTrace(new PrintWriter(s));
        return s.toString();
    }
}
