package org.finstream.fetch;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Counters of one provider's fetch run, fed by {@link ProviderHttp} (requests, retries, 304s, breaker) and by the
 * fetcher (records published, symbols skipped as already fresh). {@link #summary()} is what a one-shot run prints
 * at the end. Thread-safe.
 */
public final class FetchMetrics {
    private final ConcurrentMap<String, ConcurrentMap<Integer, LongAdder>> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> published = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
    private final Set<String> skippedSymbols = ConcurrentHashMap.newKeySet();
    private final LongAdder retries = new LongAdder();
    private final LongAdder notModified = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder answeredNanos = new LongAdder();
    private final LongAdder skips = new LongAdder();
    private final LongAdder savedRequests = new LongAdder();
    private final LongAdder breakerTransitions = new LongAdder();
    private volatile CircuitBreaker.State breakerState = CircuitBreaker.State.CLOSED;

    /**
     * One request sent to {@code endpoint}: its status, or -1 for an I/O error (no response). The latency of
     * answered requests feeds {@link #meanLatency()}.
     */
    public void recordRequest(String endpoint, int status, long latencyNanos) {
        requests.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new LongAdder()).increment();
        if (status >= 0) {
            answered.increment();
            answeredNanos.add(latencyNanos);
        }
    }

    /** A failed attempt is about to be retried. */
    public void recordRetry() {
        retries.increment();
    }

    /** A 304: the resource had not changed. */
    public void recordNotModified() {
        notModified.increment();
    }

    /** The circuit breaker moved; a {@link CircuitBreaker.Listener}. */
    public void breakerTransition(CircuitBreaker.State from, CircuitBreaker.State to) {
        breakerTransitions.increment();
        breakerState = to;
    }

    /** One record was published to {@code topic}. */
    public void recordPublished(String topic) {
        published.computeIfAbsent(topic, t -> new LongAdder()).increment();
    }

    /** One dead letter with error code {@code code} was published (an unusable response, or an invalid record of one). */
    public void deadLettered(String code) {
        deadLetters.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** Dead letters published with error code {@code code}. */
    public long deadLetters(String code) {
        LongAdder n = deadLetters.get(code);
        return n == null ? 0 : n.sum();
    }

    /** The staleness filter skipped {@code symbol} as already fresh, sparing {@code savedRequests} requests. */
    public void skipped(String symbol, int savedRequests) {
        skippedSymbols.add(symbol);
        skips.increment();
        this.savedRequests.add(savedRequests);
    }

    /** Requests sent to {@code endpoint} that ended with {@code status} (-1: I/O error). */
    public long requests(String endpoint, int status) {
        LongAdder n = statuses(endpoint).get(status);
        return n == null ? 0 : n.sum();
    }

    /** Requests sent to {@code endpoint}, whatever their outcome. */
    public long requests(String endpoint) {
        return statuses(endpoint).values().stream().mapToLong(LongAdder::sum).sum();
    }

    private Map<Integer, LongAdder> statuses(String endpoint) {
        Map<Integer, LongAdder> statuses = requests.get(endpoint);
        return statuses == null ? Map.of() : statuses;
    }

    public long retries() {
        return retries.sum();
    }

    public long notModified() {
        return notModified.sum();
    }

    public long breakerTransitions() {
        return breakerTransitions.sum();
    }

    public CircuitBreaker.State breakerState() {
        return breakerState;
    }

    /** Records published to {@code topic}. */
    public long published(String topic) {
        LongAdder n = published.get(topic);
        return n == null ? 0 : n.sum();
    }

    /** How many times a symbol was skipped as fresh. */
    public long skips() {
        return skips.sum();
    }

    /** How many different symbols were skipped. */
    public int skippedSymbols() {
        return skippedSymbols.size();
    }

    /** Requests the skips spared. */
    public long savedRequests() {
        return savedRequests.sum();
    }

    /** The mean latency of requests that got a response, zero before the first. */
    public Duration meanLatency() {
        long n = answered.sum();
        return n == 0 ? Duration.ZERO : Duration.ofNanos(answeredNanos.sum() / n);
    }

    /**
     * The time the skips saved, estimated as spared requests times the {@link #meanLatency()}; it leaves out the
     * rate limit's waits, so it is a lower bound when the limit is what paces the run.
     */
    public Duration estimatedTimeSaved() {
        return meanLatency().multipliedBy(savedRequests());
    }

    /**
     * The counters in the Prometheus text exposition format (version 0.0.4), for a long-running
     * fetcher's {@code /metrics}: {@code finstream_fetch_requests_total{endpoint,status}} (status
     * {@code io_error} for no response), retries, 304s, the breaker's state (1 for the current one)
     * and transitions, records published by topic, dead letters by code, skips, spared requests and
     * the estimated time saved, and the mean latency.
     */
    public String prometheus() {
        StringBuilder s = new StringBuilder();
        counter(s, "requests_total", "requests sent, by endpoint and status");
        new TreeMap<>(requests).forEach((endpoint, statuses) -> new TreeMap<>(statuses).forEach((status, n) ->
                s.append("finstream_fetch_requests_total{endpoint=\"").append(label(endpoint)).append("\",status=\"")
                        .append(status < 0 ? "io_error" : Integer.toString(status)).append("\"} ").append(n.sum())
                        .append('\n')));
        counter(s, "retries_total", "failed attempts retried").append("finstream_fetch_retries_total ")
                .append(retries()).append('\n');
        counter(s, "not_modified_total", "304 answers").append("finstream_fetch_not_modified_total ")
                .append(notModified()).append('\n');
        s.append("# HELP finstream_fetch_circuit_state the circuit breaker's state (1: current)\n")
                .append("# TYPE finstream_fetch_circuit_state gauge\n");
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            s.append("finstream_fetch_circuit_state{state=\"").append(state).append("\"} ")
                    .append(state == breakerState ? 1 : 0).append('\n');
        }
        counter(s, "circuit_transitions_total", "circuit breaker state changes")
                .append("finstream_fetch_circuit_transitions_total ").append(breakerTransitions()).append('\n');
        counter(s, "published_total", "records published, by topic");
        new TreeMap<>(published).forEach((topic, n) -> s.append("finstream_fetch_published_total{topic=\"")
                .append(label(topic)).append("\"} ").append(n.sum()).append('\n'));
        counter(s, "dead_letters_total", "dead letters published, by error code");
        new TreeMap<>(deadLetters).forEach((code, n) -> s.append("finstream_fetch_dead_letters_total{code=\"")
                .append(label(code)).append("\"} ").append(n.sum()).append('\n'));
        counter(s, "skipped_total", "symbols skipped as current by the staleness filter")
                .append("finstream_fetch_skipped_total ").append(skips()).append('\n');
        counter(s, "requests_spared_total", "requests the staleness filter spared")
                .append("finstream_fetch_requests_spared_total ").append(savedRequests()).append('\n');
        counter(s, "time_saved_seconds_total", "estimated time the spared requests would have taken")
                .append("finstream_fetch_time_saved_seconds_total ")
                .append(estimatedTimeSaved().toNanos() / 1e9).append('\n');
        s.append("# HELP finstream_fetch_latency_mean_seconds mean latency of answered requests\n")
                .append("# TYPE finstream_fetch_latency_mean_seconds gauge\n")
                .append("finstream_fetch_latency_mean_seconds ").append(meanLatency().toNanos() / 1e9).append('\n');
        return s.toString();
    }

    private static StringBuilder counter(StringBuilder s, String name, String help) {
        return s.append("# HELP finstream_fetch_").append(name).append(' ').append(help).append('\n')
                .append("# TYPE finstream_fetch_").append(name).append(" counter\n");
    }

    /** A label value escaped as the exposition format wants it. */
    private static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A few human-readable lines: requests by endpoint and status, retries, 304s, breaker, published, dead letters, skipped. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        Map<String, Map<Integer, Long>> byEndpoint = new TreeMap<>();
        requests.forEach((endpoint, statuses) -> byEndpoint.put(endpoint, statuses.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum(), Long::sum, TreeMap::new))));
        long total = byEndpoint.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
        s.append(String.format("requests: %d, %d retried, %d not modified, mean latency %d ms%n", total, retries(),
                notModified(), meanLatency().toMillis()));
        byEndpoint.forEach((endpoint, statuses) -> s.append("  ").append(endpoint).append(": ")
                .append(statuses.entrySet().stream()
                        .map(e -> (e.getKey() < 0 ? "I/O error" : "HTTP " + e.getKey()) + " x" + e.getValue())
                        .collect(Collectors.joining(", ")))
                .append(System.lineSeparator()));
        s.append(String.format("circuit breaker: %s, %d transitions%n", breakerState(), breakerTransitions()));
        s.append("published: ").append(published.isEmpty() ? "nothing" : new TreeMap<>(published).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().sum()).collect(Collectors.joining(", ")))
                .append(System.lineSeparator());
        s.append("dead letters: ").append(deadLetters.isEmpty() ? "none" : new TreeMap<>(deadLetters).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().sum()).collect(Collectors.joining(", ")))
                .append(System.lineSeparator());
        s.append(String.format("skipped as fresh: %d symbols, %d requests spared, ~%d s saved", skippedSymbols(),
                savedRequests(), estimatedTimeSaved().toSeconds()));
        return s.toString();
    }
}
