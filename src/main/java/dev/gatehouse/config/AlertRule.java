package dev.gatehouse.config;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One alert rule ({@code alerts.rules[]}): which condition it watches and its limits. One record for
 * every event; the fields an event does not use keep their defaults and are rejected when set.
 *
 * @param name unique among the rules; defaults to the event name
 * @param threshold what the watched value is compared to: a fraction of the budget for the budget
 *     events (null for {@code budget.soft_limit}: each budget's own soft threshold), the share of
 *     failed attempts for {@code deployment.error_spike}, the p95 in milliseconds for
 *     {@code deployment.latency_spike} (null: only {@code factor} applies), records waiting for
 *     {@code usage.backlog}
 * @param factor for {@code deployment.latency_spike} and {@code cost.anomaly}: how many times its
 *     trailing baseline the value must reach; 0 when not used
 * @param window the span the value is taken over (error share, p95, spend)
 * @param baseline the trailing span before the window that the value is compared with
 * @param minRequests outcomes the window needs before a rate or p95 means anything
 * @param minUsd for {@code cost.anomaly}: the least spend in the window that can be an anomaly
 * @param scopes for budget events {@code key}, {@code user}, {@code team}, {@code global}; for
 *     {@code cost.anomaly} {@code key}, {@code team}
 */
public record AlertRule(
        String name,
        AlertEvent event,
        AlertSeverity severity,
        @Nullable Double threshold,
        double factor,
        Duration window,
        Duration baseline,
        int minRequests,
        double minUsd,
        List<String> scopes) {

    public AlertRule {
        scopes = List.copyOf(scopes);
    }

    /** The rule for {@code event} with every default. */
    public static AlertRule defaults(AlertEvent event) {
        return AlertRulesReader.defaults(event, event.wire());
    }
}
