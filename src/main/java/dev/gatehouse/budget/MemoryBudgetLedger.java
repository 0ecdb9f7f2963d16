package dev.gatehouse.budget;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link BudgetLedger} in this process's memory: one lock over every counter makes a reservation
 * across scopes all-or-nothing. The counters die with the process; at start-up the gateway
 * {@linkplain #seed seeds} them with the spend the usage store holds, so a restart does not reset
 * every budget. Thread-safe.
 */
public final class MemoryBudgetLedger implements BudgetLedger {

    private final Map<String, Long> counters = new HashMap<>();

    /**
     * Sets each budget's counter for the given period to the given spend. Call it before the first
     * reservation: a counter that already holds this process's charges would lose them.
     */
    public synchronized void seed(List<PeriodSpend> spent) {
        spent.forEach(s -> counters.put(s.budget().counter(s.periodStart().toEpochMilli()), s.nanos()));
    }

    @Override
    public synchronized Future<BudgetDecision> reserve(BudgetReservation r) {
        Budget refused = null;
        for (Budget b : r.budgets()) {
            if (counters.getOrDefault(r.counter(b), 0L) + r.nanos() > b.maxNanos()) {
                refused = b;
                break;
            }
        }
        if (refused == null) {
            r.budgets().forEach(b -> counters.merge(r.counter(b), r.nanos(), Long::sum));
        }
        List<BudgetDecision.Spent> spent = new ArrayList<>();
        r.budgets().forEach(b -> spent.add(new BudgetDecision.Spent(b, counters.getOrDefault(r.counter(b), 0L))));
        return Future.succeededFuture(
                new BudgetDecision(refused, refused == null ? null : untilReset(refused, r), spent));
    }

    @Override
    public synchronized Future<Void> settle(BudgetReservation r, long actualNanos) {
        r.budgets().forEach(b -> counters.merge(r.counter(b), actualNanos - r.nanos(), Long::sum));
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> release(BudgetReservation r) {
        return settle(r, 0);
    }

    /** Until the refused budget's period ends; a total budget never resets, so a day (clients should not spin). */
    static Duration untilReset(Budget b, BudgetReservation r) {
        Duration left = Duration.between(r.at(), b.period().end(r.at()));
        return left.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : left;
    }
}
