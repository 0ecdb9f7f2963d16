package dev.gatehouse.ui;

import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.auth.Limits;
import io.vertx.core.MultiMap;
import org.jspecify.annotations.Nullable;

/**
 * The limit and budget fields of the dashboard's forms: the same fields and rules as the admin API
 * ({@code rpm_limit}, {@code tpm_limit}, {@code max_parallel_requests}, {@code max_budget},
 * {@code budget_duration}, {@code soft_budget}); an empty field means no limit.
 */
final class LimitsForm {

    /** A field the viewer got wrong; its message is shown on the page. */
    static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    private LimitsForm() {}

    /** {@code current} with the form's fields; per-model limits are kept. */
    static Limits read(MultiMap form, Limits current) {
        Double max = dollars(form, "max_budget");
        Double soft = dollars(form, "soft_budget");
        if (max != null && soft != null && soft > max) {
            throw new Invalid("The soft budget must not be more than the budget.");
        }
        String duration = text(form, "budget_duration");
        BudgetPeriod period;
        try {
            period = duration == null ? null : BudgetPeriod.parse(duration);
        } catch (IllegalArgumentException e) {
            throw new Invalid("budget_duration must be day, week, month or total.");
        }
        return new Limits(
                count(form, "rpm_limit"),
                count(form, "tpm_limit"),
                current.inputTpmLimit(),
                current.outputTpmLimit(),
                count(form, "max_parallel_requests"),
                max,
                period,
                soft,
                current.modelRpmLimit(),
                current.modelTpmLimit());
    }

    static @Nullable String text(MultiMap form, String name) {
        String v = form.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static @Nullable Long count(MultiMap form, String name) {
        String v = text(form, name);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Invalid(name + " must be a whole number of at least 0.");
    }

    private static @Nullable Double dollars(MultiMap form, String name) {
        String v = text(form, name);
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (d >= 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Invalid(name + " must be an amount of dollars of at least 0.");
    }

    /** The form's inputs, filled with {@code limits}. */
    static void fields(Html h, Limits limits) {
        number(h, "max_budget", "Budget ($)", limits.maxBudget(), "0.01");
        h.el("label", "Budget period", "for", "budget_duration");
        h.open("select", "id", "budget_duration", "name", "budget_duration");
        for (BudgetPeriod p : BudgetPeriod.values()) {
            h.el("option", p.wire(), "value", p.wire(), "selected", p == limits.period() ? "" : null);
        }
        h.close("select");
        number(h, "soft_budget", "Warn at ($)", limits.softBudget(), "0.01");
        number(h, "rpm_limit", "Requests per minute", limits.rpmLimit(), "1");
        number(h, "tpm_limit", "Tokens per minute", limits.tpmLimit(), "1");
        number(h, "max_parallel_requests", "Parallel requests", limits.maxParallelRequests(), "1");
    }

    private static void number(Html h, String name, String label, @Nullable Number value, String step) {
        h.el("label", label, "for", name);
        h.open(
                "input",
                "id",
                name,
                "name",
                name,
                "type",
                "number",
                "min",
                "0",
                "step",
                step,
                "value",
                value == null ? "" : plain(value));
    }

    private static String plain(Number n) {
        return n instanceof Double d && d == Math.rint(d) ? String.valueOf(d.longValue()) : n.toString();
    }
}
