package dev.gatehouse.alerts;

import dev.gatehouse.config.AlertEvent;
import dev.gatehouse.config.AlertSeverity;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One alert: a condition that fired, with what it looked like when last evaluated. Immutable; the
 * book replaces it as it changes.
 *
 * @param id the same on every instance (the instance that fired it chose it; the others adopt it)
 * @param conditionKey see {@link Finding#conditionKey()}
 * @param resolvedAt null while firing
 * @param lastNotifiedAt when this instance last handed it to the webhooks, or null
 */
public record Alert(
        String id,
        String conditionKey,
        AlertEvent event,
        String rule,
        AlertSeverity severity,
        AlertSubject subject,
        String summary,
        double value,
        double threshold,
        Instant startedAt,
        @Nullable Instant resolvedAt,
        @Nullable Instant lastNotifiedAt) {

    public boolean firing() {
        return resolvedAt == null;
    }

    /** {@code firing} or {@code resolved}, as webhooks and the admin API say it. */
    public String state() {
        return firing() ? "firing" : "resolved";
    }

    Alert updated(Finding f) {
        return new Alert(
                id,
                conditionKey,
                event,
                rule,
                severity,
                subject,
                f.summary(),
                f.value(),
                f.threshold(),
                startedAt,
                null,
                lastNotifiedAt);
    }

    Alert resolved(Instant at) {
        return new Alert(
                id,
                conditionKey,
                event,
                rule,
                severity,
                subject,
                summary,
                value,
                threshold,
                startedAt,
                at,
                lastNotifiedAt);
    }

    Alert notified(Instant at) {
        return new Alert(
                id, conditionKey, event, rule, severity, subject, summary, value, threshold, startedAt, resolvedAt, at);
    }

    Alert withId(String newId) {
        return new Alert(
                newId,
                conditionKey,
                event,
                rule,
                severity,
                subject,
                summary,
                value,
                threshold,
                startedAt,
                resolvedAt,
                lastNotifiedAt);
    }

    static Alert firing(String id, Finding f, Instant at) {
        return new Alert(
                id,
                f.conditionKey(),
                f.rule().event(),
                f.rule().name(),
                f.rule().severity(),
                f.subject(),
                f.summary(),
                f.value(),
                f.threshold(),
                at,
                null,
                null);
    }
}
