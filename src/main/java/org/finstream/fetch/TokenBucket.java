package org.finstream.fetch;

import java.util.Objects;

/**
 * A rate limit shared by every thread that calls one provider: tokens refill at {@code requestsPerMinute} up to
 * {@code burst}, and each request takes one. The bucket starts full.
 *
 * <p>Guarantee: in any interval of length {@code W}, at most {@code burst + requestsPerMinute * W / 1 min}
 * acquisitions succeed (counted at the moment {@link #acquire()} or {@link #tryAcquire()} decides). It is
 * implemented as the generic cell rate algorithm on whole nanoseconds: the interval between tokens is rounded up,
 * so the real rate is never above the configured one.
 *
 * <p>Thread-safe. Waiters are not served in arrival order: after each wait they compete again.
 */
public final class TokenBucket {
    private static final double NANOS_PER_MINUTE = 60e9;

    private final Ticker ticker;
    private final long interval;
    private final long tolerance;
    /** When the bucket would be empty again if nothing more were taken: the "theoretical arrival time". */
    private long full;

    /**
     * @param requestsPerMinute the refill rate, &gt; 0 (fractions allowed, at most one token per nanosecond)
     * @param burst the capacity, &ge; 1: how many requests may go at once after a quiet period
     */
    public TokenBucket(double requestsPerMinute, int burst, Ticker ticker) {
        if (!(requestsPerMinute > 0) || Double.isInfinite(requestsPerMinute)) {
            throw new IllegalArgumentException("requestsPerMinute must be a finite number > 0, was " + requestsPerMinute);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        }
        double nanos = Math.ceil(NANOS_PER_MINUTE / requestsPerMinute);
        if (nanos > Long.MAX_VALUE / burst) {
            throw new IllegalArgumentException("requestsPerMinute " + requestsPerMinute + " with burst " + burst
                    + " is too slow to represent (more than ~292 years per bucket)");
        }
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.interval = Math.max(1, (long) nanos);
        this.tolerance = (burst - 1) * interval;
        this.full = ticker.nanos();
    }

    /** Takes a token, waiting for one if needed. Interrupting the waiting thread takes no token. */
    public void acquire() throws InterruptedException {
        for (long wait = take(); wait > 0; wait = take()) {
            ticker.sleepNanos(wait);
        }
    }

    /** Takes a token if one is available now. */
    public boolean tryAcquire() {
        return take() == 0;
    }

    /** Takes a token and returns 0, or takes nothing and returns how long until one is available. */
    private synchronized long take() {
        long now = ticker.nanos();
        long start = full - now > 0 ? full : now;
        long wait = start - tolerance - now;
        if (wait > 0) {
            return wait;
        }
        full = start + interval;
        return 0;
    }
}
