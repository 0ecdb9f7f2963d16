package dev.gatehouse.auth;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The limits and budget of one scope (a key, a user, a team, or the whole gateway). Every field is
 * optional: {@code null} means no limit of that kind at this scope.
 *
 * @param rpmLimit requests per minute
 * @param tpmLimit input plus output tokens per minute
 * @param inputTpmLimit input tokens per minute
 * @param outputTpmLimit output tokens per minute
 * @param maxParallelRequests requests in flight at once
 * @param maxBudget US dollars per budget period; requests that could exceed it are refused
 * @param budgetDuration the budget period; {@code null} with a budget means {@code total}
 * @param softBudget US dollars after which answers carry a warning; {@code null} means 80% of the budget
 * @param modelRpmLimit requests per minute per public model name, within this scope (LiteLLM's field)
 * @param modelTpmLimit tokens per minute per public model name, within this scope (LiteLLM's field)
 * @param scheduling whether this scope's limits queue, and the priorities of its requests
 */
public record Limits(
        @Nullable Long rpmLimit,
        @Nullable Long tpmLimit,
        @Nullable Long inputTpmLimit,
        @Nullable Long outputTpmLimit,
        @Nullable Long maxParallelRequests,
        @Nullable Double maxBudget,
        @Nullable BudgetPeriod budgetDuration,
        @Nullable Double softBudget,
        Map<String, Long> modelRpmLimit,
        Map<String, Long> modelTpmLimit,
        Scheduling scheduling) {

    public static final Limits NONE = new Limits(null, null, null, null, null, null, null, null);

    /** Limits that neither queue nor set priorities. */
    public Limits(
            @Nullable Long rpmLimit,
            @Nullable Long tpmLimit,
            @Nullable Long inputTpmLimit,
            @Nullable Long outputTpmLimit,
            @Nullable Long maxParallelRequests,
            @Nullable Double maxBudget,
            @Nullable BudgetPeriod budgetDuration,
            @Nullable Double softBudget,
            Map<String, Long> modelRpmLimit,
            Map<String, Long> modelTpmLimit) {
        this(
                rpmLimit,
                tpmLimit,
                inputTpmLimit,
                outputTpmLimit,
                maxParallelRequests,
                maxBudget,
                budgetDuration,
                softBudget,
                modelRpmLimit,
                modelTpmLimit,
                Scheduling.NONE);
    }

    /** These limits with {@code newScheduling}. */
    public Limits withScheduling(Scheduling newScheduling) {
        return new Limits(
                rpmLimit,
                tpmLimit,
                inputTpmLimit,
                outputTpmLimit,
                maxParallelRequests,
                maxBudget,
                budgetDuration,
                softBudget,
                modelRpmLimit,
                modelTpmLimit,
                newScheduling);
    }

    public Limits {
        scheduling = scheduling == null ? Scheduling.NONE : scheduling;
        modelRpmLimit = modelRpmLimit == null ? Map.of() : Map.copyOf(modelRpmLimit);
        modelTpmLimit = modelTpmLimit == null ? Map.of() : Map.copyOf(modelTpmLimit);
    }

    /** Limits without per-model ones. */
    public Limits(
            @Nullable Long rpmLimit,
            @Nullable Long tpmLimit,
            @Nullable Long inputTpmLimit,
            @Nullable Long outputTpmLimit,
            @Nullable Long maxParallelRequests,
            @Nullable Double maxBudget,
            @Nullable BudgetPeriod budgetDuration,
            @Nullable Double softBudget) {
        this(
                rpmLimit,
                tpmLimit,
                inputTpmLimit,
                outputTpmLimit,
                maxParallelRequests,
                maxBudget,
                budgetDuration,
                softBudget,
                Map.of(),
                Map.of());
    }

    /** The share of {@code max_budget} after which answers warn when no {@code soft_budget} is set. */
    public static final double DEFAULT_SOFT_SHARE = 0.8;

    public boolean isEmpty() {
        return equals(NONE);
    }

    public BudgetPeriod period() {
        return budgetDuration == null ? BudgetPeriod.TOTAL : budgetDuration;
    }

    /** The dollar spend that triggers the warning header, or null without a budget. */
    public @Nullable Double softThreshold() {
        if (softBudget != null) {
            return softBudget;
        }
        return maxBudget == null ? null : maxBudget * DEFAULT_SOFT_SHARE;
    }
}
