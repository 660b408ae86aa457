package org.finstream.fetch;

import static org.finstream.fetch.ProviderHttpRetryTest.fast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.finstream.fetch.CircuitBreaker.State;
import org.finstream.fetch.LoopbackProvider.Answer;
import org.finstream.fetch.LoopbackProvider.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rate limit, the concurrency limit and the circuit breaker, as the server sees them. */
class ProviderHttpLimitsTest {
    private LoopbackProvider provider;
    private final FetchMetrics metrics = new FetchMetrics();
    private final ExecutorService threads = Executors.newFixedThreadPool(6);

    @BeforeEach
    void start() throws Exception {
        provider = LoopbackProvider.start().route("/eod", r -> Answer.ok("[]"));
    }

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        provider.close();
    }

    /**
     * 600 per minute (one request per 100 ms), burst 5, from 4 threads, with server errors whose retries must take
     * tokens too. Every run of consecutive arrivals i..j must fit the limit: {@code j - i + 1 <= burst + (t_j -
     * t_i) / 100 ms}, plus a slack for the delay between the client's token and the server's arrival, which can
     * bunch arrivals on a busy machine. (The exact bound is proven on a fake clock in {@link TokenBucketTest}.)
     */
    @Test
    void theServerNeverSeesMoreThanTheRateLimitRetriesIncluded() throws Exception {
        int burst = 5;
        long interval = Duration.ofMillis(100).toNanos();
        double slack = 2.5;
        for (int i = 0; i < 8; i++) {
            provider.fault("/eod", Fault.status(500, "try again"));
        }
        ProviderHttp http = new ProviderHttp(fast().requestsPerMinute(600).burst(burst).maxConcurrentRequests(4)
                .maxAttempts(10).build(), metrics);
        List<Future<Response>> calls = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            for (int c = 0; c < 12; c++) {
                String uri = "/eod?thread=" + t + "&call=" + c;
                calls.add(threads.submit(() -> http.get("eod", provider.uri(uri), Map.of(), Validators.NONE)));
            }
        }
        for (Future<Response> call : calls) {
            assertEquals(200, call.get(60, TimeUnit.SECONDS).status());
        }
        List<LoopbackProvider.Request> seen = provider.requests("/eod");
        assertEquals(48 + 8, seen.size(), "every call once, and every 500 retried");
        assertEquals(8, metrics.retries());
        for (int i = 0; i < seen.size(); i++) {
            for (int j = i; j < seen.size(); j++) {
                long window = seen.get(j).arrivalNanos() - seen.get(i).arrivalNanos();
                double allowed = burst + (double) window / interval + slack;
                assertTrue(j - i + 1 <= allowed, (j - i + 1) + " requests arrived within " + window / 1_000_000
                        + " ms (arrivals " + i + ".." + j + ")");
            }
        }
    }

    @Test
    void theServerNeverHandlesMoreThanTheConcurrencyLimit() throws Exception {
        provider.route("/eod", r -> {
            Thread.sleep(20);
            return Answer.ok("[]");
        });
        ProviderHttp http = new ProviderHttp(fast().maxConcurrentRequests(2).build(), metrics);
        List<Future<Response>> calls = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            calls.add(threads.submit(() -> {
                Response last = null;
                for (int c = 0; c < 5; c++) {
                    last = http.get("eod", provider.uri("/eod"), Map.of(), Validators.NONE);
                }
                return last;
            }));
        }
        for (Future<Response> call : calls) {
            assertEquals(200, call.get(60, TimeUnit.SECONDS).status());
        }
        assertEquals(30, provider.requests("/eod").size());
        assertTrue(provider.maxInFlight() <= 2, "in flight at once: " + provider.maxInFlight());
    }

    /** On a fake clock: back-off sleeps pass at once, and the open duration passes when the test says so. */
    @Test
    void theBreakerOpensRefusesWithoutSendingThenProbesAndCloses() throws Exception {
        FakeTicker clock = FakeTicker.autoAdvancing();
        Duration openFor = Duration.ofSeconds(30);
        ProviderHttp http = new ProviderHttp(fast().maxAttempts(5).breakerFailureThreshold(3)
                .breakerOpenDuration(openFor).build(), metrics, clock, Clock.systemUTC());
        provider.fault("/eod", Fault.status(503, "down"), Fault.status(503, "down"), Fault.status(503, "down"));

        CircuitOpenException opened = assertThrows(CircuitOpenException.class, () -> get(http));
        assertEquals(3, opened.attempts(), "the third failure opened it: the fourth attempt was refused");
        assertEquals(503, opened.status());
        assertEquals("down", opened.bodyExcerpt());
        assertTrue(opened.getMessage().contains("circuit breaker open"), opened.getMessage());
        assertEquals(State.OPEN, http.breakerState());

        CircuitOpenException refused = assertThrows(CircuitOpenException.class, () -> get(http));
        assertEquals(0, refused.attempts());
        assertEquals(3, provider.requests().size(), "nothing sent while open");

        clock.advance(openFor);
        provider.fault("/eod", Fault.status(500, "still down"));
        CircuitOpenException probeFailed = assertThrows(CircuitOpenException.class, () -> get(http));
        assertEquals(1, probeFailed.attempts(), "one probe, which failed and reopened the breaker");
        assertEquals(4, provider.requests().size());
        assertThrows(CircuitOpenException.class, () -> get(http));
        assertEquals(4, provider.requests().size());

        clock.advance(openFor);
        Response recovered = get(http);
        assertEquals(1, recovered.attempts());
        assertEquals(State.CLOSED, http.breakerState());
        assertEquals(5, provider.requests().size());
        assertEquals(5, metrics.breakerTransitions(), "closed-open-half-open-open-half-open-closed");
        assertEquals(State.CLOSED, metrics.breakerState());
    }

    private Response get(ProviderHttp http) throws Exception {
        return http.get("eod", provider.uri("/eod"), Map.of(), Validators.NONE);
    }
}
