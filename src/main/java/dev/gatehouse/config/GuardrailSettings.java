package dev.gatehouse.config;

import java.time.Duration;

/**
 * One configured guardrail ({@code guardrails:} entry).
 *
 * @param name how policies, errors, usage records and traces name it
 * @param type its kind ({@code webhook}, {@code moderation}, {@code classifier}, ...)
 * @param onError what a check that fails or outlasts {@code timeout} decides
 * @param timeout how long one check may take
 * @param options the type's own settings, as its reader in {@link GuardrailTypes} made them
 */
public record GuardrailSettings(String name, String type, OnError onError, Duration timeout, Object options) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** What a guardrail that could not decide (failed, timed out) means for the request. */
    public enum OnError {
        /** Let the text through unchecked. */
        ALLOW,
        /** Refuse it, as if the guardrail had blocked. */
        BLOCK
    }
}
