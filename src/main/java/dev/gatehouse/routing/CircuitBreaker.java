package dev.gatehouse.routing;

import dev.gatehouse.config.RouterSettings.BreakerSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * A per-deployment circuit breaker: closed (traffic flows), open (no traffic until the cooldown
 * ends), half-open (a limited number of probe requests decide whether it closes again).
 *
 * <p>It opens after {@code consecutiveFailures} failures in a row, or when the error rate over the
 * last {@code window} reaches {@code errorRate} with at least {@code minRequests} outcomes. The
 * cooldown is the configured one or the provider's {@code Retry-After}, whichever is longer. Time
 * comes from the injected clock, so tests move it instead of sleeping. Thread-safe (synchronized:
 * each call is a few field updates, and calls for one deployment are rare compared to the work of
 * the request around them).
 *
 * <p>With several instances, each breaker also hears what other instances' breakers of the same
 * deployment did ({@link #sharedOpen}, {@link #sharedClosed}): while another instance reports it
 * open, this one lets nothing through either, without counting a transition of its own. Its own
 * transitions go to the {@link TransitionListener}, which may tell the others.
 */
public final class CircuitBreaker {

    public enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    /**
     * Told of each state this breaker enters by its own outcomes, and of each extension of an open
     * cooldown. Called under the breaker's lock on the thread that reported the outcome (an event
     * loop): it must not block nor call back into the breaker.
     */
    @FunctionalInterface
    public interface TransitionListener {
        TransitionListener NONE = (state, openUntil) -> {};

        /** @param openUntil when the cooldown ends, for {@link State#OPEN}; null otherwise */
        void entered(State state, @Nullable Instant openUntil);
    }

    private static final int BUCKETS = 10;

    private final BreakerSettings settings;
    private final InstantSource clock;
    private final long bucketMillis;
    private final long[] bucketStart = new long[BUCKETS];
    private final int[] bucketTotal = new int[BUCKETS];
    private final int[] bucketFailed = new int[BUCKETS];

    private State state = State.CLOSED;
    /** Changes of state, by the state entered (indexed by ordinal), for metrics. */
    private final long[] transitions = new long[State.values().length];

    private int consecutiveFailures;
    private Instant openUntil = Instant.MIN;
    private int probesInFlight;
    /** Until when another instance reported this deployment's breaker open. */
    private Instant sharedOpenUntil = Instant.MIN;

    private TransitionListener listener = TransitionListener.NONE;

    public CircuitBreaker(BreakerSettings settings, InstantSource clock) {
        this.settings = settings;
        this.clock = clock;
        this.bucketMillis = Math.max(1, settings.window().toMillis() / BUCKETS);
    }

    /**
     * Whether a request may go to the deployment now. In half-open state this takes one of the
     * probe permits; the caller must then report the outcome.
     */
    public synchronized boolean tryAcquire() {
        if (sharedOpen()) {
            return false;
        }
        if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
            enter(State.HALF_OPEN);
            probesInFlight = 0;
        }
        if (state == State.CLOSED) {
            return true;
        }
        if (state == State.HALF_OPEN && probesInFlight < settings.halfOpenProbes()) {
            probesInFlight++;
            return true;
        }
        return false;
    }

    /** Whether a request would be let through now, without taking a permit (for ordering). */
    public synchronized boolean isAvailable() {
        if (sharedOpen()) {
            return false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> !clock.instant().isBefore(openUntil);
            case HALF_OPEN -> probesInFlight < settings.halfOpenProbes();
        };
    }

    public synchronized void onSuccess() {
        record(false);
        consecutiveFailures = 0;
        if (state == State.HALF_OPEN) {
            enter(State.CLOSED);
            probesInFlight = 0;
            clearWindow();
        }
    }

    /**
     * @param retryAfter the provider's {@code Retry-After}, or null
     * @return whether this failure opened the breaker (so the caller can say so in the log)
     */
    public synchronized boolean onFailure(@Nullable Duration retryAfter) {
        record(true);
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= settings.consecutiveFailures() || errorRateExceeded()) {
            boolean wasOpen = state == State.OPEN;
            open(retryAfter);
            return !wasOpen;
        }
        return false;
    }

    /** A request that took a permit but ended with no verdict on the deployment (a client error). */
    public synchronized void onNeutral() {
        if (state == State.HALF_OPEN && probesInFlight > 0) {
            probesInFlight--;
        }
    }

    public synchronized State state() {
        if (sharedOpen()) {
            return State.OPEN;
        }
        if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
            return State.HALF_OPEN;
        }
        return state;
    }

    /** When an open breaker lets its next probe through, or null when not open. */
    public synchronized @Nullable Instant openUntil() {
        Instant own = state == State.OPEN ? openUntil : null;
        if (sharedOpen() && (own == null || sharedOpenUntil.isAfter(own))) {
            return sharedOpenUntil;
        }
        return own;
    }

    /** Sets who hears this breaker's own transitions (one listener; the last set wins). */
    public synchronized void onTransition(TransitionListener next) {
        listener = next;
    }

    /**
     * Another instance opened its breaker of this deployment until {@code until}: let nothing
     * through before then. A later report moves the time either way, since it is newer news.
     */
    public synchronized void sharedOpen(Instant until) {
        sharedOpenUntil = until;
    }

    /** Another instance's breaker of this deployment closed after a successful probe. */
    public synchronized void sharedClosed() {
        sharedOpenUntil = Instant.MIN;
    }

    private boolean sharedOpen() {
        return clock.instant().isBefore(sharedOpenUntil);
    }

    private void open(@Nullable Duration retryAfter) {
        Duration cooldown = settings.cooldown();
        if (retryAfter != null && retryAfter.compareTo(cooldown) > 0) {
            cooldown = retryAfter;
        }
        openUntil = clock.instant().plus(cooldown);
        probesInFlight = 0;
        if (state != State.OPEN) {
            enter(State.OPEN);
        } else {
            listener.entered(State.OPEN, openUntil);
        }
    }

    /**
     * How often the breaker entered {@code to}. An open breaker whose cooldown ended counts as
     * half-open once a request asks to pass ({@link #state()} already reports it half-open).
     */
    public synchronized long transitionsTo(State to) {
        return transitions[to.ordinal()];
    }

    private void enter(State next) {
        state = next;
        transitions[next.ordinal()]++;
        listener.entered(next, next == State.OPEN ? openUntil : null);
    }

    private void record(boolean failed) {
        long now = clock.millis();
        int bucket = (int) ((now / bucketMillis) % BUCKETS);
        long start = now - now % bucketMillis;
        if (bucketStart[bucket] != start) {
            bucketStart[bucket] = start;
            bucketTotal[bucket] = 0;
            bucketFailed[bucket] = 0;
        }
        bucketTotal[bucket]++;
        if (failed) {
            bucketFailed[bucket]++;
        }
    }

    private boolean errorRateExceeded() {
        long oldest = clock.millis() - settings.window().toMillis();
        int total = 0;
        int failed = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (bucketStart[i] > oldest) {
                total += bucketTotal[i];
                failed += bucketFailed[i];
            }
        }
        return total >= settings.minRequests() && failed >= settings.errorRate() * total;
    }

    private void clearWindow() {
        for (int i = 0; i < BUCKETS; i++) {
            bucketTotal[i] = 0;
            bucketFailed[i] = 0;
        }
    }
}
