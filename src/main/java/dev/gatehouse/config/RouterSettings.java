package dev.gatehouse.config;

import java.time.Duration;

/**
 * Retry, fallback, circuit-breaker and health-check policy.
 *
 * @param retries extra tries of one deployment after a retryable failure, before moving on
 * @param backoffBase the first retry waits up to this long (full jitter), doubling each time
 * @param backoffMax no wait is longer than this, {@code Retry-After} included
 * @param deadline the whole request, every attempt included, must finish within this
 * @param maxAttempts attempts across every deployment and fallback group, first one included
 * @param breaker when a deployment is taken out of rotation, and for how long
 * @param healthCheckInterval how often each deployment is probed; zero turns probing off
 */
public record RouterSettings(
        int retries,
        Duration backoffBase,
        Duration backoffMax,
        Duration deadline,
        int maxAttempts,
        BreakerSettings breaker,
        Duration healthCheckInterval) {

    public static RouterSettings defaults() {
        return new RouterSettings(
                2,
                Duration.ofMillis(250),
                Duration.ofSeconds(8),
                Duration.ofMinutes(10),
                6,
                BreakerSettings.defaults(),
                Duration.ofSeconds(30));
    }

    /**
     * When a deployment's circuit breaker opens, and how it closes again.
     *
     * @param consecutiveFailures this many failures in a row open the breaker
     * @param errorRate or this share of failures (0 to 1) over {@code window}, once
     *     {@code minRequests} were seen in it
     * @param cooldown an open breaker lets a probe through after this (or the provider's
     *     {@code Retry-After}, if longer)
     * @param halfOpenProbes requests let through at once while half-open
     */
    public record BreakerSettings(
            int consecutiveFailures,
            double errorRate,
            int minRequests,
            Duration window,
            Duration cooldown,
            int halfOpenProbes) {

        public static BreakerSettings defaults() {
            return new BreakerSettings(5, 0.5, 20, Duration.ofSeconds(60), Duration.ofSeconds(30), 1);
        }
    }
}
