package dev.gatehouse.routing;

/** What a deployment's last health probe showed. */
public enum HealthCheckResult {
    /** It answered 2xx. */
    HEALTHY,
    /** It could not be reached, timed out, or answered a server error: counts against its breaker. */
    UNHEALTHY,
    /**
     * It answered, but with a status that says nothing about serving requests (a key without list
     * permission, a server without the probed route): leaves its breaker alone.
     */
    INCONCLUSIVE
}
