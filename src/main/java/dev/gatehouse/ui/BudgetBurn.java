package dev.gatehouse.ui;

import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.auth.Limits;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How far a team or key is through its dollar budget in the current period, and when it runs out at
 * the rate spent so far in the period.
 *
 * @param scope {@code team} or {@code key}
 * @param max the budget, or null for none
 * @param exhaustsAt when the budget runs out at the period's rate so far; null when it does not within
 *     the period (or there is no budget or no spend)
 */
record BudgetBurn(
        String scope,
        String id,
        @Nullable String label,
        double spend,
        @Nullable Double max,
        @Nullable Double soft,
        BudgetPeriod period,
        @Nullable Instant exhaustsAt) {

    /**
     * @param since when spending could begin: the period's start, or for a total budget the
     *     team's or key's creation
     */
    static BudgetBurn of(
            String scope, String id, @Nullable String label, Limits limits, double spend, Instant since, Instant now) {
        BudgetPeriod period = limits.period();
        Double max = limits.maxBudget();
        Instant exhausts = null;
        if (max != null) {
            if (spend >= max) {
                exhausts = now;
            } else if (spend > 0) {
                Instant start = period == BudgetPeriod.TOTAL ? since : period.start(now);
                long elapsed = Math.max(1, Duration.between(start, now).toSeconds());
                double perSecond = spend / elapsed;
                Instant eta = now.plusSeconds((long) Math.ceil((max - spend) / perSecond));
                exhausts = eta.isBefore(period.end(now)) ? eta : null;
            }
        }
        return new BudgetBurn(scope, id, label, spend, max, limits.softThreshold(), period, exhausts);
    }

    /** The share of the budget spent, or NaN without a budget. */
    double share() {
        return max == null || max == 0 ? Double.NaN : spend / max;
    }

    /** At or past its warning threshold ({@code soft_budget}, else 80%). */
    boolean nearLimit() {
        return soft != null && spend >= soft;
    }
}
