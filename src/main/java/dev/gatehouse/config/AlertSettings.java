package dev.gatehouse.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The alert engine ({@code alerts:}): how often rules are evaluated, the rules, and the webhooks
 * alerts are delivered to.
 *
 * @param evaluateEvery how often every rule is evaluated ({@code evaluate_every})
 * @param keepResolved how many resolved alerts are kept for {@code GET /admin/v1/alerts}
 * @param queueSize notifications waiting per webhook before the oldest is dropped
 */
public record AlertSettings(
        Duration evaluateEvery, int keepResolved, int queueSize, List<AlertWebhook> webhooks, List<AlertRule> rules) {

    public static final Duration DEFAULT_EVALUATE_EVERY = Duration.ofSeconds(15);

    public AlertSettings {
        webhooks = List.copyOf(webhooks);
        rules = List.copyOf(rules);
    }

    /** Without {@code alerts:}: a rule per event with its defaults, and no webhook. */
    public static AlertSettings defaults() {
        return new AlertSettings(DEFAULT_EVALUATE_EVERY, 200, 1000, List.of(), defaultRules());
    }

    public static List<AlertRule> defaultRules() {
        return Arrays.stream(AlertEvent.values()).map(AlertRule::defaults).toList();
    }

    public AlertSettings withRules(List<AlertRule> newRules) {
        return new AlertSettings(evaluateEvery, keepResolved, queueSize, webhooks, newRules);
    }
}
