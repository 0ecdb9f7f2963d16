package dev.gatehouse.config;

import org.jspecify.annotations.Nullable;

/** Reads the {@code router} section: retries, backoff, deadline, breaker and health checks. */
final class RouterSettingsReader {

    private RouterSettingsReader() {}

    static RouterSettings read(@Nullable ConfigNode node) {
        RouterSettings d = RouterSettings.defaults();
        if (node == null) {
            return d;
        }
        RouterSettings.BreakerSettings b = d.breaker();
        ConfigNode bn = node.object("circuit_breaker");
        if (bn != null) {
            b = new RouterSettings.BreakerSettings(
                    bn.integer("consecutive_failures", b.consecutiveFailures(), 1, 1_000_000),
                    bn.number("error_rate", b.errorRate(), 0.01, 1.0),
                    bn.integer("min_requests", b.minRequests(), 1, 1_000_000),
                    bn.duration("window", b.window()),
                    bn.duration("cooldown", b.cooldown()),
                    bn.integer("half_open_probes", b.halfOpenProbes(), 1, 1000));
            bn.finish();
        }
        RouterSettings r = new RouterSettings(
                node.integer("retries", d.retries(), 0, 20),
                node.duration("backoff_base", d.backoffBase()),
                node.duration("backoff_max", d.backoffMax()),
                node.duration("deadline", d.deadline()),
                node.integer("max_attempts", d.maxAttempts(), 1, 100),
                b,
                node.duration("health_check_interval", d.healthCheckInterval()));
        node.finish();
        return r;
    }
}
