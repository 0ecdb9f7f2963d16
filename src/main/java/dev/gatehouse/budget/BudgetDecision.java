package dev.gatehouse.budget;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a budget reservation: admitted (the worst case was added to every counter) or
 * refused (to none).
 *
 * @param refused the first budget, in reservation order, that the worst case would exceed; null when admitted
 * @param retryAfter until that budget's period ends; null when admitted
 * @param spent each budget's counter after the decision (settled spend plus reservations in flight)
 */
public record BudgetDecision(
        @Nullable Budget refused, @Nullable Duration retryAfter, List<Spent> spent) {

    /** A budget and its counter in nano-dollars. */
    public record Spent(Budget budget, long nanos) {}

    public boolean admitted() {
        return refused == null;
    }
}
