package org.finstream.fetch;

import static org.finstream.fetch.TokenBucketTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {
    private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");
    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(10);
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    private static final double ALMOST_ONE = Math.nextDown(1.0);

    private static Backoff backoff(double random) {
        return new Backoff(BASE, MAX, MAX_RETRY_AFTER, () -> random);
    }

    @Test
    void theJitteredDelayIsBelowBaseTimesTwoToTheRetryCappedAtMax() {
        assertEquals(Duration.ZERO, backoff(0).delay(5));
        Backoff top = backoff(ALMOST_ONE);
        assertEquals(BASE.toNanos() - 1, top.delay(0).toNanos());
        assertEquals(BASE.multipliedBy(8).toNanos() - 1, top.delay(3).toNanos());
        assertEquals(MAX.toNanos() - 1, top.delay(7).toNanos(), "100 ms * 128 > 10 s: capped");
        assertEquals(MAX.toNanos() - 1, top.delay(Integer.MAX_VALUE).toNanos(), "no overflow");
        Backoff half = backoff(0.5);
        assertEquals(BASE.multipliedBy(2).dividedBy(2), half.delay(1));
    }

    @Test
    void realRandomDelaysStayInRange() {
        Random random = new Random(7);
        Backoff b = new Backoff(BASE, MAX, MAX_RETRY_AFTER, random::nextDouble);
        for (int retry = 0; retry < 12; retry++) {
            long cap = Math.min(MAX.toNanos(), BASE.toNanos() << retry);
            for (int i = 0; i < 200; i++) {
                long d = b.delay(retry).toNanos();
                assertTrue(d >= 0 && d < cap, retry + ": " + d);
            }
        }
    }

    @Test
    void retryAfterSecondsIsAMinimumNotAReplacement() {
        assertEquals(Duration.ofSeconds(3), backoff(0).delay(0, "3", NOW));
        assertEquals(Duration.ofSeconds(3), backoff(0).delay(0, " 3 ", NOW));
        assertEquals(MAX.toNanos() - 1, backoff(ALMOST_ONE).delay(10, "3", NOW).toNanos(), "a longer jitter wins");
        assertEquals(Duration.ZERO, backoff(0).delay(0, "0", NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Fri, 01 Mar 2024 12:00:30 GMT", "Friday, 01-Mar-24 12:00:30 GMT", "Fri Mar  1 12:00:30 2024"})
    void retryAfterHttpDateInAllThreeFormats(String date) {
        assertEquals(Optional.of(Duration.ofSeconds(30)), Backoff.parseRetryAfter(date, NOW));
        assertEquals(Duration.ofSeconds(30), backoff(0).delay(0, date, NOW));
    }

    @Test
    void aDateInThePastAsksForNoWait() {
        assertEquals(Optional.of(Duration.ZERO), Backoff.parseRetryAfter("Thu, 29 Feb 2024 12:00:00 GMT", NOW));
        assertEquals(BASE.dividedBy(2), backoff(0.5).delay(0, "Thu, 29 Feb 2024 12:00:00 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), Backoff.parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", NOW),
                "a two-digit year is in the past century when it would be more than 50 years ahead");
    }

    @ParameterizedTest
    @ValueSource(strings = {"86400", "99999999999999999999999999", "Sat, 01 Mar 2025 12:00:00 GMT"})
    void retryAfterIsCappedSoAServerCannotStallUs(String value) {
        assertEquals(MAX_RETRY_AFTER, backoff(0).delay(0, value, NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "soon", "-1", "1.5", "+3", "0x10", "Fri, 32 Mar 2024 12:00:30 GMT",
        "Mon, 01 Mar 2024 12:00:30 GMT", "2024-03-01T12:00:30Z"})
    void unparseableRetryAfterIsIgnored(String garbage) {
        assertEquals(Optional.empty(), Backoff.parseRetryAfter(garbage, NOW));
        assertEquals(BASE.dividedBy(2), backoff(0.5).delay(0, garbage, NOW));
    }

    @Test
    void noRetryAfterIsPlainJitter() {
        assertEquals(BASE.dividedBy(2), backoff(0.5).delay(0, null, NOW));
    }

    @Test
    void rejectsBadArgumentsByName() {
        assertMessage("backoff base must be > 0", () -> new Backoff(Duration.ZERO, MAX, MAX_RETRY_AFTER, () -> 0));
        assertMessage("backoff max must be >= base", () -> new Backoff(MAX, BASE, MAX_RETRY_AFTER, () -> 0));
        assertMessage("maxRetryAfter must be >= 0", () -> new Backoff(BASE, MAX, Duration.ofSeconds(-1), () -> 0));
        assertMessage("retry must be >= 0", () -> backoff(0).delay(-1));
    }
}
