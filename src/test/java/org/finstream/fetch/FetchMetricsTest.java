package org.finstream.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.finstream.fetch.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

class FetchMetricsTest {
    private final FetchMetrics metrics = new FetchMetrics();

    @Test
    void countsByEndpointAndStatusAndEstimatesTheTimeSkipsSaved() {
        metrics.recordRequest("eod", 200, Duration.ofMillis(100).toNanos());
        metrics.recordRequest("eod", 200, Duration.ofMillis(300).toNanos());
        metrics.recordRequest("eod", -1, Duration.ofSeconds(30).toNanos());
        metrics.recordRequest("splits", 404, Duration.ofMillis(200).toNanos());
        metrics.recordRetry();
        metrics.recordNotModified();
        metrics.breakerTransition(State.CLOSED, State.OPEN);
        metrics.recordPublished("prices");
        metrics.recordPublished("prices");
        metrics.deadLettered("BAD_RESPONSE");
        metrics.skipped("AAPL", 2);
        metrics.skipped("AAPL", 2);
        metrics.skipped("MSFT", 1);

        assertEquals(2, metrics.requests("eod", 200));
        assertEquals(1, metrics.requests("eod", -1));
        assertEquals(3, metrics.requests("eod"));
        assertEquals(0, metrics.requests("dividends"));
        assertEquals(Duration.ofMillis(200), metrics.meanLatency(), "I/O errors have no latency to speak of");
        assertEquals(5, metrics.savedRequests());
        assertEquals(3, metrics.skips());
        assertEquals(2, metrics.skippedSymbols());
        assertEquals(Duration.ofSeconds(1), metrics.estimatedTimeSaved());
        assertEquals(State.OPEN, metrics.breakerState());
        assertEquals(2, metrics.published("prices"));
        assertEquals(1, metrics.deadLetters("BAD_RESPONSE"));
        assertEquals(0, metrics.deadLetters("FETCH_FAILED"));
        assertEquals(String.join(System.lineSeparator(),
                "requests: 4, 1 retried, 1 not modified, mean latency 200 ms",
                "  eod: I/O error x1, HTTP 200 x2",
                "  splits: HTTP 404 x1",
                "circuit breaker: OPEN, 1 transitions",
                "published: prices 2",
                "dead letters: BAD_RESPONSE 1",
                "skipped as fresh: 2 symbols, 5 requests spared, ~1 s saved"), metrics.summary());
    }

    @Test
    void anEmptyRunSummarisesToo() {
        assertEquals(Duration.ZERO, metrics.meanLatency());
        assertEquals(String.join(System.lineSeparator(),
                "requests: 0, 0 retried, 0 not modified, mean latency 0 ms",
                "circuit breaker: CLOSED, 0 transitions",
                "published: nothing",
                "dead letters: none",
                "skipped as fresh: 0 symbols, 0 requests spared, ~0 s saved"), metrics.summary());
    }

    @Test
    void countsFromManyThreadsAddUp() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        metrics.recordRequest("eod", 200, 1);
                        metrics.recordPublished("prices");
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(40_000, metrics.requests("eod", 200));
        assertEquals(40_000, metrics.published("prices"));
    }
}
