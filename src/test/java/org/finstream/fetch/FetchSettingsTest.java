package org.finstream.fetch;

import static org.finstream.fetch.TokenBucketTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FetchSettingsTest {
    @Test
    void theDefaultsAreValidAndTheHeadersImmutable() {
        FetchSettings s = FetchSettings.builder().defaultHeader("Accept", "application/json").build();
        assertEquals(60, s.requestsPerMinute());
        assertEquals(Map.of("Accept", "application/json"), s.defaultHeaders());
        assertThrows(UnsupportedOperationException.class, () -> s.defaultHeaders().put("X", "y"));
    }

    @Test
    void eachBadSettingIsNamed() {
        assertMessage("requestsPerMinute must be a finite number > 0, was 0.0",
                () -> FetchSettings.builder().requestsPerMinute(0).build());
        assertMessage("burst must be >= 1, was 0", () -> FetchSettings.builder().burst(0).build());
        assertMessage("maxConcurrentRequests must be >= 1", () -> FetchSettings.builder().maxConcurrentRequests(0).build());
        assertMessage("connectTimeout must be > 0", () -> FetchSettings.builder().connectTimeout(Duration.ZERO).build());
        assertMessage("requestTimeout must be > 0, was null", () -> FetchSettings.builder().requestTimeout(null).build());
        assertMessage("maxAttempts must be >= 1", () -> FetchSettings.builder().maxAttempts(0).build());
        assertMessage("backoffBase must be > 0", () -> FetchSettings.builder().backoffBase(Duration.ofMillis(-1)).build());
        assertMessage("backoffMax must be >= backoffBase", () -> FetchSettings.builder().backoffMax(Duration.ofMillis(1)).build());
        assertMessage("breakerFailureThreshold must be >= 1",
                () -> FetchSettings.builder().breakerFailureThreshold(0).build());
        assertMessage("breakerOpenDuration must be > 0",
                () -> FetchSettings.builder().breakerOpenDuration(Duration.ZERO).build());
        assertMessage("maxRetryAfter must be >= 0", () -> FetchSettings.builder().maxRetryAfter(Duration.ofSeconds(-1)).build());
        assertMessage("userAgent must not be blank", () -> FetchSettings.builder().userAgent(" ").build());
        assertMessage("header Host cannot be sent", () -> FetchSettings.builder().defaultHeader("Host", "x").build());
        assertMessage("header X-Key cannot be sent", () -> FetchSettings.builder().defaultHeader("X-Key", "a\r\nb").build());
    }
}
