package dev.gatehouse.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code limits:} section: gateway-wide limits and budget (every field optional, {@code null}
 * meaning none), and how requests are estimated and remembered for limiting.
 *
 * @param rpm requests per minute across all keys
 * @param tpm input plus output tokens per minute across all keys
 * @param budgetDuration {@code day}, {@code week}, {@code month} or {@code total}; null means total
 * @param defaultMaxTokens output tokens reserved for a request that sets no {@code max_tokens}
 * @param idempotencyTtl how long an {@code Idempotency-Key} answer is kept for repeats
 * @param modelRpm requests per minute per public model name, across all keys
 * @param modelTpm tokens per minute per public model name, across all keys
 * @param slidingWindow per-minute limits count an exact sliding window of 60 s ({@code algorithm:
 *     sliding_window}: never more than the limit in any 60 s) instead of token buckets
 *     ({@code token_bucket}, the default: a burst of the limit, refilled at the limit per minute)
 * @param allowUnpriced a request that a budget applies to may go to a model without prices, and then
 *     costs nothing against budgets ({@code budget_unpriced: allow}); by default ({@code refuse}) it
 *     gets a 400, since its cost cannot be known up front and it would bypass every budget
 */
public record LimitSettings(
        @Nullable Long rpm,
        @Nullable Long tpm,
        @Nullable Long inputTpm,
        @Nullable Long outputTpm,
        @Nullable Long maxParallelRequests,
        @Nullable Double maxBudget,
        @Nullable String budgetDuration,
        @Nullable Double softBudget,
        long defaultMaxTokens,
        Duration idempotencyTtl,
        Map<String, Long> modelRpm,
        Map<String, Long> modelTpm,
        boolean slidingWindow,
        boolean allowUnpriced) {

    public LimitSettings {
        modelRpm = Map.copyOf(modelRpm);
        modelTpm = Map.copyOf(modelTpm);
    }

    public static LimitSettings defaults() {
        return new LimitSettings(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                4096,
                Duration.ofHours(24),
                Map.of(),
                Map.of(),
                false,
                false);
    }

    static LimitSettings read(@Nullable ConfigNode node) {
        LimitSettings d = defaults();
        if (node == null) {
            return d;
        }
        String algorithm = node.string("algorithm", "token_bucket");
        if (!algorithm.equals("token_bucket") && !algorithm.equals("sliding_window")) {
            node.problem("algorithm", "must be token_bucket or sliding_window, got '" + algorithm + "'");
        }
        String duration = node.string("budget_duration", false);
        if (duration != null && !duration.matches("day|week|month|total")) {
            node.problem("budget_duration", "must be day, week, month or total, got '" + duration + "'");
        }
        String unpriced = node.string("budget_unpriced", "refuse");
        if (!unpriced.equals("refuse") && !unpriced.equals("allow")) {
            node.problem("budget_unpriced", "must be refuse or allow, got '" + unpriced + "'");
        }
        LimitSettings s = new LimitSettings(
                count(node, "rpm_limit"),
                count(node, "tpm_limit"),
                count(node, "input_tpm_limit"),
                count(node, "output_tpm_limit"),
                count(node, "max_parallel_requests"),
                node.has("max_budget") ? node.number("max_budget", 0, 0, 1e12) : null,
                duration,
                node.has("soft_budget") ? node.number("soft_budget", 0, 0, 1e12) : null,
                node.integer("default_max_tokens", (int) d.defaultMaxTokens(), 1, 10_000_000),
                node.duration("idempotency_ttl", d.idempotencyTtl()),
                perModel(node.object("model_rpm_limit")),
                perModel(node.object("model_tpm_limit")),
                algorithm.equals("sliding_window"),
                unpriced.equals("allow"));
        node.finish();
        return s;
    }

    private static Map<String, Long> perModel(@Nullable ConfigNode node) {
        Map<String, Long> out = new HashMap<>();
        if (node != null) {
            for (String model : node.fieldNames()) {
                out.put(model, (long) node.integer(model, 0, 0, Integer.MAX_VALUE));
            }
            node.finish();
        }
        return out;
    }

    private static @Nullable Long count(ConfigNode node, String field) {
        return node.has(field) ? (long) node.integer(field, 0, 0, Integer.MAX_VALUE) : null;
    }
}
