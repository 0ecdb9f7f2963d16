package dev.gatehouse.routing;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What the gateway knows about one deployment right now: its breaker, requests in flight, and
 * exponentially weighted moving averages of time to first token and total latency. Shared by every
 * event loop and kept across config reloads (keyed by deployment id). Thread-safe.
 */
public final class DeploymentStats {

    /** Weight of the newest sample in the moving averages. */
    private static final double ALPHA = 0.2;

    private final String id;
    private final String provider;
    private final String model;
    private final CircuitBreaker breaker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile double ttftMillis = Double.NaN;
    private volatile double latencyMillis = Double.NaN;
    private volatile @Nullable String lastError;
    private volatile @Nullable Instant lastErrorAt;
    private volatile @Nullable Instant lastHealthCheckAt;
    private volatile @Nullable HealthCheckResult lastHealthCheck;

    public DeploymentStats(String provider, String model, CircuitBreaker breaker) {
        this.id = provider + "/" + model;
        this.provider = provider;
        this.model = model;
        this.breaker = breaker;
    }

    public String id() {
        return id;
    }

    public String provider() {
        return provider;
    }

    public String model() {
        return model;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public void started() {
        inFlight.incrementAndGet();
    }

    public void finished() {
        inFlight.decrementAndGet();
    }

    public synchronized void recordSuccess(double ttft, double total) {
        successes.incrementAndGet();
        ttftMillis = Double.isNaN(ttftMillis) ? ttft : ALPHA * ttft + (1 - ALPHA) * ttftMillis;
        if (!Double.isNaN(total)) {
            latencyMillis = Double.isNaN(latencyMillis) ? total : ALPHA * total + (1 - ALPHA) * latencyMillis;
        }
    }

    public void recordFailure(String error, Instant at) {
        failures.incrementAndGet();
        lastError = error;
        lastErrorAt = at;
    }

    /**
     * A health probe's result. A healthy probe also feeds the time-to-first-byte average, so the
     * fastest strategy can rank deployments that have had no traffic yet.
     */
    public synchronized void recordHealthCheck(HealthCheckResult result, Instant at, double millis) {
        lastHealthCheck = result;
        lastHealthCheckAt = at;
        if (result == HealthCheckResult.HEALTHY) {
            ttftMillis = Double.isNaN(ttftMillis) ? millis : ALPHA * millis + (1 - ALPHA) * ttftMillis;
        }
    }

    /** Moving average of time to first token in ms, or NaN before the first success. */
    public double ttftMillis() {
        return ttftMillis;
    }

    public double latencyMillis() {
        return latencyMillis;
    }

    public long successes() {
        return successes.get();
    }

    public long failures() {
        return failures.get();
    }

    public @Nullable String lastError() {
        return lastError;
    }

    public @Nullable Instant lastErrorAt() {
        return lastErrorAt;
    }

    public @Nullable Instant lastHealthCheckAt() {
        return lastHealthCheckAt;
    }

    /** The last probe's result, or null before the first probe. */
    public @Nullable HealthCheckResult lastHealthCheck() {
        return lastHealthCheck;
    }
}
