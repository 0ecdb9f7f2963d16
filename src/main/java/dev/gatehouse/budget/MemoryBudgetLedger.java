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

    /** A counter's spend, changed in place: one map lookup per budget and no boxing per request. */
    private static final class Spend {
        long nanos;
    }

    private final Map<String, Spend> counters = new HashMap<>();

    /**
     * Sets each budget's counter for the given period to the given spend. Call it before the first
     * reservation: a counter that already holds this process's charges would lose them.
     */
    public synchronized void seed(List<PeriodSpend> spent) {
        spent.forEach(s -> counter(s.budget().counter(s.periodStart().toEpochMilli())).nanos = s.nanos());
    }

    private Spend counter(String name) {
        return counters.computeIfAbsent(name, n -> new Spend());
    }

    @Override
    public synchronized Future<BudgetDecision> reserve(BudgetReservation r) {
        List<Budget> budgets = r.budgets();
        Spend[] held = new Spend[budgets.size()];
        Budget refused = null;
        for (int i = 0; i < held.length; i++) {
            held[i] = counter(r.counter(i));
            Budget b = budgets.get(i);
            if (refused == null && held[i].nanos + r.nanos() + r.headroomNanos() > b.maxNanos()) {
                refused = b;
            }
        }
        List<BudgetDecision.Spent> spent = new ArrayList<>(held.length);
        for (int i = 0; i < held.length; i++) {
            if (refused == null) {
                held[i].nanos += r.nanos();
            }
            spent.add(new BudgetDecision.Spent(budgets.get(i), held[i].nanos));
        }
        return Future.succeededFuture(
                new BudgetDecision(refused, refused == null ? null : untilReset(refused, r), spent));
    }

    @Override
    public synchronized Future<Void> settle(BudgetReservation r, long actualNanos) {
        for (int i = 0; i < r.budgets().size(); i++) {
            counter(r.counter(i)).nanos += actualNanos - r.nanos();
        }
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
