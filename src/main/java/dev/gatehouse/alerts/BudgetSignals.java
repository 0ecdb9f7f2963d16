package dev.gatehouse.alerts;

import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.budget.Budget;
import dev.gatehouse.budget.BudgetWatch;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest spend seen per budget and period, from the budget stage's decisions; the budget rules
 * read it. A refusal stays noted until a request is admitted under the same budget and period
 * (the limit was raised, or smaller requests fit again). Thread-safe.
 */
final class BudgetSignals implements BudgetWatch {

    private static final int MAX_BUDGETS = 100_000;

    /** One budget's counter as last seen in its period. */
    record Seen(Budget budget, Instant periodStart, long spentNanos, boolean refused, Instant at) {}

    /**
     * Which counter a budget's spend is in: its scope, id and period, not its limits (a raised limit
     * still names the same counter). A record rather than the counter's name: every decided
     * request looks one up, and hashing its parts costs less than building the name.
     */
    private record Counter(String scope, String id, BudgetPeriod period, Instant periodStart) {}

    private final Map<Counter, Seen> seen = new ConcurrentHashMap<>();

    @Override
    public void observed(Budget budget, Instant periodStart, long spentNanos, boolean refused, Instant at) {
        Counter key = new Counter(budget.scope(), budget.id(), budget.period(), periodStart);
        if (seen.size() >= MAX_BUDGETS && !seen.containsKey(key)) {
            return;
        }
        seen.put(key, new Seen(budget, periodStart, spentNanos, refused, at));
    }

    /** Every budget and period seen; drops those whose period has ended by {@code now}. */
    Iterable<Seen> current(Instant now) {
        seen.values().removeIf(s -> !s.budget().period().start(now).equals(s.periodStart()));
        return seen.values();
    }
}
