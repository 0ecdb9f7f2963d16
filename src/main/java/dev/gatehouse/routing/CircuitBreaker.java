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
 */
public final class CircuitBreaker {

    public enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
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
        if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
            return State.HALF_OPEN;
        }
        return state;
    }

    /** When an open breaker lets its next probe through, or null when not open. */
    public synchronized @Nullable Instant openUntil() {
        return state == State.OPEN ? openUntil : null;
    }

    private void open(@Nullable Duration retryAfter) {
        Duration cooldown = settings.cooldown();
        if (retryAfter != null && retryAfter.compareTo(cooldown) > 0) {
            cooldown = retryAfter;
        }
        if (state != State.OPEN) {
            enter(State.OPEN);
        }
        openUntil = clock.instant().plus(cooldown);
        probesInFlight = 0;
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
