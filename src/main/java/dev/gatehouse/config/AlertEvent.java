package dev.gatehouse.config;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** The conditions an alert rule can watch, by the names webhooks and the admin API use. */
public enum AlertEvent {
    BUDGET_SOFT_LIMIT("budget.soft_limit", AlertSeverity.WARNING),
    BUDGET_EXCEEDED("budget.exceeded", AlertSeverity.CRITICAL),
    DEPLOYMENT_ERROR_SPIKE("deployment.error_spike", AlertSeverity.CRITICAL),
    DEPLOYMENT_LATENCY_SPIKE("deployment.latency_spike", AlertSeverity.WARNING),
    DEPLOYMENT_CIRCUIT_OPEN("deployment.circuit_open", AlertSeverity.WARNING),
    MODEL_UNAVAILABLE("model.unavailable", AlertSeverity.CRITICAL),
    COST_ANOMALY("cost.anomaly", AlertSeverity.WARNING),
    USAGE_BACKLOG("usage.backlog", AlertSeverity.WARNING);

    private final String wire;
    private final AlertSeverity defaultSeverity;

    AlertEvent(String wire, AlertSeverity defaultSeverity) {
        this.wire = wire;
        this.defaultSeverity = defaultSeverity;
    }

    public String wire() {
        return wire;
    }

    public AlertSeverity defaultSeverity() {
        return defaultSeverity;
    }

    /** The event named {@code wire}, or null. */
    public static @Nullable AlertEvent parse(String wire) {
        return Arrays.stream(values())
                .filter(e -> e.wire.equals(wire))
                .findFirst()
                .orElse(null);
    }

    static String names() {
        return String.join(", ", Arrays.stream(values()).map(AlertEvent::wire).toList());
    }
}
