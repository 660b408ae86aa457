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
    void prometheusExpositionOverHttp() throws Exception {
        metrics.recordRequest("eod", 200, Duration.ofMillis(100).toNanos());
        metrics.recordRequest("eod", -1, Duration.ofSeconds(1).toNanos());
        metrics.recordRetry();
        metrics.breakerTransition(State.CLOSED, State.OPEN);
        metrics.recordPublished("prices");
        metrics.deadLettered("FETCH_FAILED");
        metrics.skipped("AAPL", 3);
        String expected = String.join("\n",
                "# HELP finstream_fetch_requests_total requests sent, by endpoint and status",
                "# TYPE finstream_fetch_requests_total counter",
                "finstream_fetch_requests_total{endpoint=\"eod\",status=\"io_error\"} 1",
                "finstream_fetch_requests_total{endpoint=\"eod\",status=\"200\"} 1",
                "# HELP finstream_fetch_retries_total failed attempts retried",
                "# TYPE finstream_fetch_retries_total counter",
                "finstream_fetch_retries_total 1",
                "# HELP finstream_fetch_not_modified_total 304 answers",
                "# TYPE finstream_fetch_not_modified_total counter",
                "finstream_fetch_not_modified_total 0",
                "# HELP finstream_fetch_circuit_state the circuit breaker's state (1: current)",
                "# TYPE finstream_fetch_circuit_state gauge",
                "finstream_fetch_circuit_state{state=\"CLOSED\"} 0",
                "finstream_fetch_circuit_state{state=\"OPEN\"} 1",
                "finstream_fetch_circuit_state{state=\"HALF_OPEN\"} 0",
                "# HELP finstream_fetch_circuit_transitions_total circuit breaker state changes",
                "# TYPE finstream_fetch_circuit_transitions_total counter",
                "finstream_fetch_circuit_transitions_total 1",
                "# HELP finstream_fetch_published_total records published, by topic",
                "# TYPE finstream_fetch_published_total counter",
                "finstream_fetch_published_total{topic=\"prices\"} 1",
                "# HELP finstream_fetch_dead_letters_total dead letters published, by error code",
                "# TYPE finstream_fetch_dead_letters_total counter",
                "finstream_fetch_dead_letters_total{code=\"FETCH_FAILED\"} 1",
                "# HELP finstream_fetch_skipped_total symbols skipped as current by the staleness filter",
                "# TYPE finstream_fetch_skipped_total counter",
                "finstream_fetch_skipped_total 1",
                "# HELP finstream_fetch_requests_spared_total requests the staleness filter spared",
                "# TYPE finstream_fetch_requests_spared_total counter",
                "finstream_fetch_requests_spared_total 3",
                "# HELP finstream_fetch_time_saved_seconds_total estimated time the spared requests would have taken",
                "# TYPE finstream_fetch_time_saved_seconds_total counter",
                "finstream_fetch_time_saved_seconds_total 0.3",
                "# HELP finstream_fetch_latency_mean_seconds mean latency of answered requests",
                "# TYPE finstream_fetch_latency_mean_seconds gauge",
                "finstream_fetch_latency_mean_seconds 0.1", "");
        assertEquals(expected, metrics.prometheus());
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), metrics)) {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(expected, response.body());
        }
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
