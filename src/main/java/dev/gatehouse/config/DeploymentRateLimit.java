package dev.gatehouse.config;

import org.jspecify.annotations.Nullable;

/**
 * A deployment's own provider rate limit ({@code rpm}, {@code tpm} on a deployment), which the
 * gateway keeps to so the provider does not answer 429, and the share of it low-priority requests
 * may use ({@code low_priority_share}, default 0.5): a low request is admitted only while the low
 * requests of the last minute stay within that share, so the rest is kept for high and normal.
 */
public record DeploymentRateLimit(
        @Nullable Long rpm, @Nullable Long tpm, double lowPriorityShare) {

    public static final double DEFAULT_LOW_SHARE = 0.5;

    /** Reads the deployment's {@code rpm}, {@code tpm} and {@code low_priority_share}; null when it has no limit. */
    static @Nullable DeploymentRateLimit read(ConfigNode node) {
        Long rpm = node.has("rpm") ? (long) node.integer("rpm", 0, 1, Integer.MAX_VALUE) : null;
        Long tpm = node.has("tpm") ? (long) node.integer("tpm", 0, 1, Integer.MAX_VALUE) : null;
        double share = node.number("low_priority_share", DEFAULT_LOW_SHARE, 0, 1);
        if (rpm == null && tpm == null) {
            if (node.has("low_priority_share")) {
                node.problem("low_priority_share", "applies to a deployment's rpm or tpm; set one of them");
            }
            return null;
        }
        return new DeploymentRateLimit(rpm, tpm, share);
    }
}
