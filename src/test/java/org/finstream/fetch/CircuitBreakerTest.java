package org.finstream.fetch;

import static org.finstream.fetch.CircuitBreaker.State.CLOSED;
import static org.finstream.fetch.CircuitBreaker.State.HALF_OPEN;
import static org.finstream.fetch.CircuitBreaker.State.OPEN;
import static org.finstream.fetch.TokenBucketTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private static final Duration OPEN_FOR = Duration.ofSeconds(30);

    private final FakeTicker clock = FakeTicker.manual();
    private final List<String> transitions = new ArrayList<>();
    private final CircuitBreaker breaker = new CircuitBreaker(3, OPEN_FOR, clock,
            (from, to) -> transitions.add(from + "->" + to));

    private CircuitBreaker.Permit permit() {
        return breaker.tryAcquire().orElseThrow(() -> new AssertionError("refused in " + breaker.state()));
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            permit().failure();
        }
    }

    @Test
    void opensAfterThresholdConsecutiveFailuresOnly() {
        assertEquals(CLOSED, breaker.state());
        fail(2);
        permit().success();
        fail(2);
        assertEquals(CLOSED, breaker.state(), "a success in between resets the count");
        fail(1);
        assertEquals(OPEN, breaker.state());
        assertEquals(Optional.empty(), breaker.tryAcquire());
        assertEquals(List.of("CLOSED->OPEN"), transitions);
    }

    @Test
    void refusesForTheOpenDurationThenLetsOneProbeThrough() {
        fail(3);
        clock.advance(OPEN_FOR.minusNanos(1));
        assertEquals(Optional.empty(), breaker.tryAcquire());
        clock.advance(Duration.ofNanos(1));
        assertEquals(HALF_OPEN, breaker.state());
        CircuitBreaker.Permit probe = permit();
        assertEquals(Optional.empty(), breaker.tryAcquire(), "one probe at a time");
        probe.success();
        assertEquals(CLOSED, breaker.state());
        fail(2);
        assertEquals(CLOSED, breaker.state(), "the failure count started again from zero");
        assertEquals(List.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED"), transitions);
        assertEquals(3, breaker.transitions());
    }

    @Test
    void aFailedProbeOpensItForAnotherFullDuration() {
        fail(3);
        clock.advance(OPEN_FOR.plusSeconds(100));
        permit().failure();
        assertEquals(OPEN, breaker.state());
        clock.advance(OPEN_FOR.minusNanos(1));
        assertEquals(Optional.empty(), breaker.tryAcquire());
        clock.advance(Duration.ofNanos(1));
        permit().success();
        assertEquals(CLOSED, breaker.state());
        assertEquals(List.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN", "OPEN->HALF_OPEN",
                "HALF_OPEN->CLOSED"), transitions);
    }

    @Test
    void aReleasedProbeLetsTheNextCallerProbe() {
        fail(3);
        clock.advance(OPEN_FOR);
        permit().release();
        assertEquals(HALF_OPEN, breaker.state());
        permit().success();
        assertEquals(CLOSED, breaker.state());
    }

    @Test
    void outcomesOfCallsFromAnEarlierStateAreIgnored() {
        CircuitBreaker.Permit slow = permit();
        fail(3);
        slow.success();
        assertEquals(OPEN, breaker.state(), "a late success of a call started while CLOSED does not close it");
        clock.advance(OPEN_FOR);
        CircuitBreaker.Permit probe = permit();
        slow.failure();
        assertEquals(HALF_OPEN, breaker.state(), "nor does a late failure decide the probe");
        probe.success();
        assertEquals(CLOSED, breaker.state());
    }

    @Test
    void concurrentCallersGetExactlyOneProbe() throws Exception {
        fail(3);
        clock.advance(OPEN_FOR);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<CircuitBreaker.Permit>>> asks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                asks.add(threads.submit(() -> {
                    go.await();
                    return breaker.tryAcquire();
                }));
            }
            go.countDown();
            List<CircuitBreaker.Permit> probes = new ArrayList<>();
            for (Future<Optional<CircuitBreaker.Permit>> ask : asks) {
                ask.get(10, TimeUnit.SECONDS).ifPresent(probes::add);
            }
            assertEquals(1, probes.size());
            probes.get(0).success();
            assertTrue(breaker.tryAcquire().isPresent());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void rejectsBadArgumentsByName() {
        assertMessage("failureThreshold must be >= 1", () -> new CircuitBreaker(0, OPEN_FOR, clock, (a, b) -> { }));
        assertMessage("openDuration must be > 0", () -> new CircuitBreaker(1, Duration.ZERO, clock, (a, b) -> { }));
    }
}
