package org.finstream.fetch;

import java.util.concurrent.TimeUnit;

/**
 * A monotonic clock in nanoseconds that can also wait, so that rate limits, breakers and back-off can be tested
 * on a fake clock. Readings are only meaningful as differences (like {@link System#nanoTime()}).
 */
public interface Ticker {
    /** The current reading, in nanoseconds. */
    long nanos();

    /** Waits until at least {@code nanos} have passed on this clock; returns at once if {@code nanos <= 0}. */
    void sleepNanos(long nanos) throws InterruptedException;

    /** {@link System#nanoTime()} and {@link Thread#sleep}; never returns early from a sleep. */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}

/** {@link Ticker#system()}. */
final class SystemTicker implements Ticker {
    static final SystemTicker INSTANCE = new SystemTicker();

    private SystemTicker() {}

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public void sleepNanos(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
