package org.finstream.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenBucketTest {
    /** 600 per minute: one token every 100 ms. */
    private static final Duration INTERVAL = Duration.ofMillis(100);

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void rejectsBadArgumentsByName() {
        Ticker t = FakeTicker.manual();
        assertMessage("requestsPerMinute", () -> new TokenBucket(0, 1, t));
        assertMessage("requestsPerMinute", () -> new TokenBucket(-5, 1, t));
        assertMessage("requestsPerMinute", () -> new TokenBucket(Double.NaN, 1, t));
        assertMessage("requestsPerMinute", () -> new TokenBucket(Double.POSITIVE_INFINITY, 1, t));
        assertMessage("burst must be >= 1, was 0", () -> new TokenBucket(60, 0, t));
        assertMessage("too slow", () -> new TokenBucket(1e-12, 1, t));
    }

    @Test
    void startsFullThenRefillsAtTheRateUpToTheBurst() {
        FakeTicker clock = FakeTicker.manual();
        TokenBucket bucket = new TokenBucket(600, 3, clock);
        assertEquals(3, takeAll(bucket));
        clock.advance(INTERVAL.minusNanos(1));
        assertFalse(bucket.tryAcquire());
        clock.advance(Duration.ofNanos(1));
        assertEquals(1, takeAll(bucket));
        clock.advance(Duration.ofMinutes(10));
        assertEquals(3, takeAll(bucket), "a long quiet period refills only up to the burst");
    }

    @ParameterizedTest
    @CsvSource({"600, 5", "7, 1", "90000, 20"})
    void neverMoreThanBurstPlusRateTimesWindowInAnyWindow(double perMinute, int burst) {
        FakeTicker clock = FakeTicker.manual();
        TokenBucket bucket = new TokenBucket(perMinute, burst, clock);
        double interval = 60e9 / perMinute;
        Random random = new Random(42);
        List<Long> granted = new ArrayList<>();
        for (int step = 0; step < 3000; step++) {
            // mostly tries faster than the rate, now and then a quiet spell that refills the bucket
            double gap = random.nextInt(20) == 0 ? interval * burst * 2 * random.nextDouble() : interval * random.nextDouble() / 3;
            clock.advance(Duration.ofNanos((long) gap));
            for (int tries = random.nextInt(3); tries >= 0; tries--) {
                if (bucket.tryAcquire()) {
                    granted.add(clock.nanos());
                }
            }
        }
        double worst = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < granted.size(); i++) {
            for (int j = i; j < granted.size(); j++) {
                double allowed = burst + (granted.get(j) - granted.get(i)) * perMinute / 60e9;
                worst = Math.max(worst, (j - i + 1) - allowed);
            }
        }
        assertTrue(worst <= 1e-9, "a window had " + worst + " more acquisitions than the bound");
        assertTrue(worst > -1, "the bound is reached (within one token), so the test is not vacuous: " + worst);
    }

    @Test
    void acquireSleepsExactlyUntilTheNextToken() throws InterruptedException {
        FakeTicker clock = FakeTicker.autoAdvancing();
        TokenBucket bucket = new TokenBucket(600, 2, clock);
        long start = clock.nanos();
        for (int i = 0; i < 7; i++) {
            bucket.acquire();
        }
        assertEquals(INTERVAL.multipliedBy(5).toNanos(), clock.nanos() - start);
    }

    @Test
    void acquireBlocksUntilTheClockReachesTheNextToken() throws Exception {
        FakeTicker clock = FakeTicker.manual();
        TokenBucket bucket = new TokenBucket(600, 1, clock);
        bucket.acquire();
        Future<?> blocked = threads.submit(() -> {
            bucket.acquire();
            return null;
        });
        FakeTicker.await(() -> clock.waiting() == 1, "the second acquire sleeps");
        clock.advance(INTERVAL.minusNanos(1));
        FakeTicker.await(() -> clock.waiting() == 1, "it sleeps on after 1 ns too little");
        assertFalse(blocked.isDone());
        clock.advance(Duration.ofNanos(1));
        blocked.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anInterruptedAcquireTakesNoToken() throws Exception {
        FakeTicker clock = FakeTicker.manual();
        TokenBucket bucket = new TokenBucket(600, 1, clock);
        bucket.acquire();
        Future<?> blocked = threads.submit(() -> {
            bucket.acquire();
            return null;
        });
        FakeTicker.await(() -> clock.waiting() == 1, "acquire sleeps");
        blocked.cancel(true);
        FakeTicker.await(() -> clock.waiting() == 0, "the interrupted acquire gives up");
        clock.advance(INTERVAL);
        assertTrue(bucket.tryAcquire(), "the token is still there");
        assertFalse(bucket.tryAcquire());
    }

    @Test
    void racingThreadsGetExactlyTheAvailableTokens() throws Exception {
        FakeTicker clock = FakeTicker.manual();
        TokenBucket bucket = new TokenBucket(600, 10, clock);
        assertEquals(10, storm(bucket), "a frozen clock: the burst, no more");
        clock.advance(INTERVAL.multipliedBy(3));
        assertEquals(3, storm(bucket), "three intervals: three tokens");
    }

    @Test
    void blockedThreadsAreLetThroughOnePerInterval() throws Exception {
        FakeTicker clock = FakeTicker.manual();
        TokenBucket bucket = new TokenBucket(600, 1, clock);
        bucket.acquire();
        int n = 5;
        AtomicInteger through = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            threads.submit(() -> {
                bucket.acquire();
                return through.incrementAndGet();
            });
        }
        FakeTicker.await(() -> clock.waiting() == n, "all threads sleep");
        for (int i = 1; i <= n; i++) {
            clock.advance(INTERVAL);
            int expected = i;
            // settled: every thread is either through or asleep until a later time
            FakeTicker.await(() -> through.get() == expected && clock.waiting() == n - expected,
                    "exactly " + expected + " through");
        }
    }

    private static int takeAll(TokenBucket bucket) {
        int n = 0;
        while (bucket.tryAcquire()) {
            n++;
        }
        return n;
    }

    private int storm(TokenBucket bucket) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            results.add(threads.submit(() -> {
                go.await();
                int n = 0;
                for (int i = 0; i < 10_000; i++) {
                    n += bucket.tryAcquire() ? 1 : 0;
                }
                return n;
            }));
        }
        go.countDown();
        int total = 0;
        for (Future<Integer> r : results) {
            total += r.get(30, TimeUnit.SECONDS);
        }
        return total;
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
