package dev.gatehouse.budget;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * Where a shared budget counter that has gone missing gets its spend back from: Redis may lose its
 * data (a restart without persistence, a failover, a flush) while what was spent is still in the
 * usage store. {@link RedisBudgetLedger} asks it once per missing counter, then seeds the counter.
 *
 * <p>Called on event loops: implementations read off the event loop and complete the future later.
 * The future never fails: when the spend cannot be read, it says zero (and says why in the log), as
 * start-up seeding does ({@link BudgetSeeding}).
 */
@FunctionalInterface
public interface SpendSource {

    /** Each budget's spend in its period current at {@code at}, in the order given. */
    Future<List<PeriodSpend>> spent(List<Budget> budgets, Instant at);

    /** Nothing was spent anywhere: every missing counter starts from zero (tests, no usage store). */
    SpendSource NOTHING = (budgets, at) -> Future.succeededFuture(budgets.stream()
            .map(b -> new PeriodSpend(b, b.period().start(at), 0))
            .toList());
}
