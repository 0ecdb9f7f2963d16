package dev.gatehouse.alerts;

import dev.gatehouse.config.AlertRule;

/**
 * A rule's condition holding now for one subject: what an evaluation yields. A subject with no
 * finding in an evaluation has its alert (if any) resolved.
 *
 * @param value the watched value now (dollars, a share, milliseconds, records)
 * @param threshold what it was compared with
 * @param period a part of the condition's identity beyond rule and subject (a budget's period
 *     start), so the same condition in the next period is a new alert; empty when none
 */
public record Finding(
        AlertRule rule, AlertSubject subject, double value, double threshold, String summary, String period) {

    /** The condition's identity: the same on every instance that sees it. */
    public String conditionKey() {
        return rule.name() + "|" + subject + (period.isEmpty() ? "" : "|" + period);
    }
}
