package org.finstream.fetch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Stops calling a provider that keeps failing. CLOSED: calls go through; {@code failureThreshold} consecutive
 * failures open it. OPEN: calls are refused for {@code openDuration}, then it is HALF_OPEN. HALF_OPEN: exactly one
 * probe goes through (everyone else is refused while it is in flight); its success closes the breaker (failure
 * count reset), its failure opens it for another {@code openDuration}.
 *
 * <p>A call asks {@link #tryAcquire()} for a {@link Permit} and reports exactly one outcome on it. An outcome
 * reported after the breaker has changed state since the permit was given (a slow call that started while CLOSED
 * and ends while OPEN) is ignored: only calls made in the current state decide the next one.
 *
 * <p>Thread-safe. The listener is called on the thread that causes a transition, in order, while the breaker's
 * lock is held: it must be quick.
 */
public final class CircuitBreaker {
    /** The breaker's states. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** Told of every transition. */
    @FunctionalInterface
    public interface Listener {
        void transition(State from, State to);
    }

    private final int failureThreshold;
    private final long openNanos;
    private final Ticker ticker;
    private final Listener listener;

    private State state = State.CLOSED;
    /** Incremented on every transition: the state a permit was given in. */
    private long generation;
    private long transitions;
    private int failures;
    private long openedAt;
    private boolean probeInFlight;

    /**
     * @param failureThreshold consecutive failures that open the breaker, &ge; 1
     * @param openDuration how long it refuses calls once open, &gt; 0
     */
    public CircuitBreaker(int failureThreshold, Duration openDuration, Ticker ticker, Listener listener) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("breaker failureThreshold must be >= 1, was " + failureThreshold);
        }
        if (openDuration == null || openDuration.isNegative() || openDuration.isZero()) {
            throw new IllegalArgumentException("breaker openDuration must be > 0, was " + openDuration);
        }
        this.failureThreshold = failureThreshold;
        this.openNanos = openDuration.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** A permit to make one call, or empty if the breaker refuses it. */
    public synchronized Optional<Permit> tryAcquire() {
        return switch (state()) {
            case CLOSED -> Optional.of(new Permit(generation));
            case OPEN -> Optional.empty();
            case HALF_OPEN -> {
                if (probeInFlight) {
                    yield Optional.empty();
                }
                probeInFlight = true;
                yield Optional.of(new Permit(generation));
            }
        };
    }

    /** The current state; an OPEN breaker whose open duration has passed becomes HALF_OPEN on this call. */
    public synchronized State state() {
        if (state == State.OPEN && ticker.nanos() - openedAt >= openNanos) {
            moveTo(State.HALF_OPEN);
        }
        return state;
    }

    /** How many transitions there have been. */
    public synchronized long transitions() {
        return transitions;
    }

    private synchronized void outcome(Permit permit, boolean success) {
        if (permit.generation != generation) {
            return;
        }
        if (state == State.HALF_OPEN) {
            moveTo(success ? State.CLOSED : State.OPEN);
        } else if (success) {
            failures = 0;
        } else if (++failures >= failureThreshold) {
            moveTo(State.OPEN);
        }
    }

    private synchronized void releaseProbe(Permit permit) {
        if (permit.generation == generation && state == State.HALF_OPEN) {
            probeInFlight = false;
        }
    }

    private void moveTo(State next) {
        State previous = state;
        state = next;
        generation++;
        transitions++;
        failures = 0;
        probeInFlight = false;
        if (next == State.OPEN) {
            openedAt = ticker.nanos();
        }
        listener.transition(previous, next);
    }

    /** Leave to make one call. Report exactly one of {@link #success()}, {@link #failure()} or {@link #release()}. */
    public final class Permit {
        private final long generation;

        private Permit(long generation) {
            this.generation = generation;
        }

        /** The call succeeded (the provider answered sensibly). */
        public void success() {
            outcome(this, true);
        }

        /** The call failed in a way that suggests the provider is unwell. */
        public void failure() {
            outcome(this, false);
        }

        /** The call was not made after all (e.g. interrupted before sending): frees a HALF_OPEN probe slot. */
        public void release() {
            releaseProbe(this);
        }
    }
}
