package org.finstream.fetch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A test clock. Manual: {@link #sleepNanos} really blocks until {@link #advance} moves the clock past the
 * sleeper's deadline. Auto-advancing: a sleep just moves the clock forward, so a single thread never waits.
 */
final class FakeTicker implements Ticker {
    private final boolean autoAdvance;
    private final List<Long> deadlines = new ArrayList<>();
    private long now = 1_000_000_000_000L;

    private FakeTicker(boolean autoAdvance) {
        this.autoAdvance = autoAdvance;
    }

    static FakeTicker manual() {
        return new FakeTicker(false);
    }

    static FakeTicker autoAdvancing() {
        return new FakeTicker(true);
    }

    @Override
    public synchronized long nanos() {
        return now;
    }

    @Override
    public synchronized void sleepNanos(long nanos) throws InterruptedException {
        if (nanos <= 0) {
            return;
        }
        if (autoAdvance) {
            now += nanos;
            return;
        }
        Long deadline = now + nanos;
        deadlines.add(deadline);
        try {
            while (deadline - now > 0) {
                wait();
            }
        } finally {
            deadlines.remove(deadline);
        }
    }

    synchronized void advance(Duration d) {
        now += d.toNanos();
        notifyAll();
    }

    /** Threads asleep whose deadline has not come: they cannot wake before the next {@link #advance}. */
    synchronized int waiting() {
        return (int) deadlines.stream().filter(d -> d - now > 0).count();
    }

    /** Waits (on the real clock, up to 10 s) until {@code condition} holds. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(1);
        }
    }
}
