package org.finstream.fetch;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of one provider's {@link ProviderHttp}. Immutable; every value is checked when built, with an {@link
 * IllegalArgumentException} naming the setting. Start from {@link #builder()}, which holds conservative defaults.
 *
 * @param requestsPerMinute the provider's rate limit, shared by every thread ({@link TokenBucket})
 * @param burst how many requests may go at once after a quiet period, &ge; 1
 * @param maxConcurrentRequests how many requests may be in flight at once, &ge; 1
 * @param connectTimeout TCP (and TLS) connect timeout, &gt; 0
 * @param requestTimeout one attempt's timeout until the response headers arrive, &gt; 0
 * @param maxAttempts attempts per call, the first included, &ge; 1
 * @param backoffBase the first retry's upper delay bound, &gt; 0 ({@link Backoff})
 * @param backoffMax the upper bound of any jittered delay, &ge; backoffBase
 * @param breakerFailureThreshold consecutive failures that open the {@link CircuitBreaker}, &ge; 1
 * @param breakerOpenDuration how long an open breaker refuses calls, &gt; 0
 * @param maxRetryAfter the most a server's {@code Retry-After} is honoured per retry, &ge; 0
 * @param userAgent the {@code User-Agent} (SEC EDGAR requires a name and a contact e-mail in it), not blank
 * @param defaultHeaders headers sent with every request (e.g. an API key header); per-call headers win
 */
public record FetchSettings(double requestsPerMinute, int burst, int maxConcurrentRequests, Duration connectTimeout,
                            Duration requestTimeout, int maxAttempts, Duration backoffBase, Duration backoffMax,
                            int breakerFailureThreshold, Duration breakerOpenDuration, Duration maxRetryAfter,
                            String userAgent, Map<String, String> defaultHeaders) {
    public FetchSettings {
        if (!(requestsPerMinute > 0) || Double.isInfinite(requestsPerMinute)) {
            throw new IllegalArgumentException("requestsPerMinute must be a finite number > 0, was " + requestsPerMinute);
        }
        atLeastOne("burst", burst);
        atLeastOne("maxConcurrentRequests", maxConcurrentRequests);
        positive("connectTimeout", connectTimeout);
        positive("requestTimeout", requestTimeout);
        atLeastOne("maxAttempts", maxAttempts);
        positive("backoffBase", backoffBase);
        if (backoffMax == null || backoffMax.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoffMax must be >= backoffBase " + backoffBase + ", was " + backoffMax);
        }
        atLeastOne("breakerFailureThreshold", breakerFailureThreshold);
        positive("breakerOpenDuration", breakerOpenDuration);
        if (maxRetryAfter == null || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must be >= 0, was " + maxRetryAfter);
        }
        if (userAgent == null || userAgent.isBlank()) {
            throw new IllegalArgumentException("userAgent must not be blank");
        }
        defaultHeaders = Map.copyOf(Objects.requireNonNull(defaultHeaders, "defaultHeaders"));
        HttpRequest.Builder probe = HttpRequest.newBuilder(URI.create("http://localhost/"));
        checkHeader(probe, "User-Agent", userAgent);
        defaultHeaders.forEach((name, value) -> checkHeader(probe, name, value));
    }

    /**
     * A builder with conservative defaults: 60 requests per minute, burst 5, 4 concurrent requests, connect timeout
     * 10 s, request timeout 30 s, 4 attempts, back-off 500 ms to 30 s, breaker 5 failures / 30 s, Retry-After
     * honoured up to 2 min, User-Agent {@code finstream}, no default headers.
     */
    public static Builder builder() {
        return new Builder();
    }

    private static void atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
    }

    /** The JDK client refuses some names ({@code Host}, {@code Connection}...) and line breaks in values. */
    private static void checkHeader(HttpRequest.Builder probe, String name, String value) {
        try {
            probe.setHeader(name, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("header " + name + " cannot be sent: " + e.getMessage(), e);
        }
    }

    /** Builds {@link FetchSettings}; each setter is named after the record component it sets. */
    public static final class Builder {
        private double requestsPerMinute = 60;
        private int burst = 5;
        private int maxConcurrentRequests = 4;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxAttempts = 4;
        private Duration backoffBase = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(30);
        private int breakerFailureThreshold = 5;
        private Duration breakerOpenDuration = Duration.ofSeconds(30);
        private Duration maxRetryAfter = Duration.ofMinutes(2);
        private String userAgent = "finstream";
        private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

        private Builder() {}

        public Builder requestsPerMinute(double value) {
            requestsPerMinute = value;
            return this;
        }

        public Builder burst(int value) {
            burst = value;
            return this;
        }

        public Builder maxConcurrentRequests(int value) {
            maxConcurrentRequests = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        public Builder maxAttempts(int value) {
            maxAttempts = value;
            return this;
        }

        public Builder backoffBase(Duration value) {
            backoffBase = value;
            return this;
        }

        public Builder backoffMax(Duration value) {
            backoffMax = value;
            return this;
        }

        public Builder breakerFailureThreshold(int value) {
            breakerFailureThreshold = value;
            return this;
        }

        public Builder breakerOpenDuration(Duration value) {
            breakerOpenDuration = value;
            return this;
        }

        public Builder maxRetryAfter(Duration value) {
            maxRetryAfter = value;
            return this;
        }

        public Builder userAgent(String value) {
            userAgent = value;
            return this;
        }

        /** Adds (or replaces) one default header. */
        public Builder defaultHeader(String name, String value) {
            defaultHeaders.put(name, value);
            return this;
        }

        public FetchSettings build() {
            return new FetchSettings(requestsPerMinute, burst, maxConcurrentRequests, connectTimeout, requestTimeout,
                    maxAttempts, backoffBase, backoffMax, breakerFailureThreshold, breakerOpenDuration, maxRetryAfter,
                    userAgent, defaultHeaders);
        }
    }
}
