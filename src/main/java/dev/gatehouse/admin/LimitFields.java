package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.auth.Limits;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The limit and budget fields keys, users and teams share, with LiteLLM's names where the concept
 * is the same ({@code rpm_limit}, {@code tpm_limit}, {@code max_budget}, {@code budget_duration})
 * and ours beside them.
 */
final class LimitFields {

    static final Set<String> NAMES = Set.of(
            "rpm_limit",
            "tpm_limit",
            "input_tpm_limit",
            "output_tpm_limit",
            "max_parallel_requests",
            "max_budget",
            "budget_duration",
            "soft_budget",
            "model_rpm_limit",
            "model_tpm_limit",
            "queue",
            "priority",
            "allowed_priorities");

    private LimitFields() {}

    /** {@code current} with every limit field present in {@code body} replaced (null clears it). */
    static Limits merge(Limits current, AdminBody body) {
        Limits merged = new Limits(
                body.has("rpm_limit") ? body.count("rpm_limit") : current.rpmLimit(),
                body.has("tpm_limit") ? body.count("tpm_limit") : current.tpmLimit(),
                body.has("input_tpm_limit") ? body.count("input_tpm_limit") : current.inputTpmLimit(),
                body.has("output_tpm_limit") ? body.count("output_tpm_limit") : current.outputTpmLimit(),
                body.has("max_parallel_requests") ? body.count("max_parallel_requests") : current.maxParallelRequests(),
                body.has("max_budget") ? body.dollars("max_budget") : current.maxBudget(),
                body.has("budget_duration") ? body.period("budget_duration") : current.budgetDuration(),
                body.has("soft_budget") ? body.dollars("soft_budget") : current.softBudget(),
                body.has("model_rpm_limit") ? body.counts("model_rpm_limit") : current.modelRpmLimit(),
                body.has("model_tpm_limit") ? body.counts("model_tpm_limit") : current.modelTpmLimit(),
                SchedulingFields.merge(current.scheduling(), body));
        if (merged.softBudget() != null && merged.maxBudget() != null && merged.softBudget() > merged.maxBudget()) {
            throw AdminBody.error("'soft_budget' must not be more than 'max_budget'.", "soft_budget", "invalid_value");
        }
        return merged;
    }

    static void write(ObjectNode out, Limits limits) {
        putLong(out, "rpm_limit", limits.rpmLimit());
        putLong(out, "tpm_limit", limits.tpmLimit());
        putLong(out, "input_tpm_limit", limits.inputTpmLimit());
        putLong(out, "output_tpm_limit", limits.outputTpmLimit());
        putLong(out, "max_parallel_requests", limits.maxParallelRequests());
        if (limits.maxBudget() == null) {
            out.putNull("max_budget");
        } else {
            out.put("max_budget", limits.maxBudget());
        }
        out.put(
                "budget_duration",
                limits.budgetDuration() == null ? null : limits.budgetDuration().wire());
        if (limits.softBudget() == null) {
            out.putNull("soft_budget");
        } else {
            out.put("soft_budget", limits.softBudget());
        }
        limits.modelRpmLimit().forEach(out.putObject("model_rpm_limit")::put);
        limits.modelTpmLimit().forEach(out.putObject("model_tpm_limit")::put);
        SchedulingFields.write(out, limits.scheduling());
    }

    private static void putLong(ObjectNode out, String field, @Nullable Long value) {
        if (value == null) {
            out.putNull(field);
        } else {
            out.put(field, value);
        }
    }
}
