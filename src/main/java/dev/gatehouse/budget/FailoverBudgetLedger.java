package dev.gatehouse.budget;

import dev.gatehouse.redis.RedisFailover;
import dev.gatehouse.redis.RedisHealth;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis ledger with the {@code budgets_on_redis_failure} policy: fail closed with 503 (no
 * budgeted request runs while Redis is unreachable), or spend this instance's share of each budget
 * ({@link OutageShareLedger}). A reservation settles where it was made. What was spent locally is
 * added to the Redis counters before the next reservation there, so once Redis is back its
 * counters hold the outage's spend before anything more is admitted against them; and every
 * {@link #REPAY_EVERY} while anything is owed, so an instance that gets no request after the
 * outage still tells Redis what it spent. Thread-safe.
 */
public final class FailoverBudgetLedger implements BudgetLedger {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverBudgetLedger.class);

    private final BudgetLedger shared;
    private final @Nullable OutageShareLedger shares;
    private final RedisFailover<BudgetReservation> failover;
    static final Duration REPAY_EVERY = Duration.ofSeconds(1);

    private final Object repayLock = new Object();
    private volatile GatewayClock.Timer repayTimer = GatewayClock.Timer.NONE;
    private volatile boolean stopped;
    private volatile Future<Void> repayment = Future.succeededFuture();

    private FailoverBudgetLedger(BudgetLedger shared, @Nullable OutageShareLedger shares, RedisHealth health) {
        this.shared = shared;
        this.shares = shares;
        this.failover = new RedisFailover<>(health, shares == null, RedisHealth::budgetsUnavailable);
    }

    /** {@code budgets_on_redis_failure: fail_closed}. */
    public static FailoverBudgetLedger failingClosed(BudgetLedger shared, RedisHealth health) {
        return new FailoverBudgetLedger(shared, null, health);
    }

    /** {@code budgets_on_redis_failure: share}; {@code clock} times the repayments of outage spend. */
    public static FailoverBudgetLedger sharing(
            BudgetLedger shared, OutageShareLedger shares, RedisHealth health, GatewayClock clock) {
        FailoverBudgetLedger ledger = new FailoverBudgetLedger(shared, shares, health);
        ledger.repayLater(shares, clock);
        return ledger;
    }

    private void repayLater(OutageShareLedger local, GatewayClock clock) {
        if (stopped) {
            return;
        }
        repayTimer = clock.schedule(REPAY_EVERY, () -> repaid(local).onComplete(done -> repayLater(local, clock)));
    }

    /** Stops the repayment timer (at shutdown). */
    public void stop() {
        stopped = true;
        repayTimer.cancel();
    }

    @Override
    public Future<BudgetDecision> reserve(BudgetReservation r) {
        OutageShareLedger local = shares;
        if (local == null) {
            return failover.reserve(
                    r,
                    () -> shared.reserve(r),
                    () -> Future.failedFuture(RedisHealth.budgetsUnavailable()),
                    d -> false);
        }
        return failover.reserve(
                r,
                () -> repaid(local).compose(v -> shared.reserve(r)).onSuccess(d -> local.observe(r, d)),
                () -> local.reserve(r),
                BudgetDecision::admitted);
    }

    /**
     * Completes once nothing spent locally is owed to Redis, or the attempt to repay it failed (its
     * debts are kept for the next one; Redis is most likely still unreachable then, and the
     * reservation after it fails too). One repayment runs at a time; others wait for it.
     */
    private Future<Void> repaid(OutageShareLedger local) {
        Future<Void> current = repayment;
        if (current.isComplete() && !local.owes()) {
            return current;
        }
        synchronized (repayLock) {
            if (repayment.isComplete() && local.owes()) {
                repayment = repay(local);
            }
            return repayment;
        }
    }

    private Future<Void> repay(OutageShareLedger local) {
        List<OutageShareLedger.Debt> debts = local.takeOwed();
        List<Future<Void>> all = new ArrayList<>();
        for (OutageShareLedger.Debt d : debts) {
            all.add(shared.settle(d.reservation(), d.nanos())
                    .onSuccess(v -> local.repaid(d))
                    .onFailure(e -> local.unpaid(d)));
        }
        return Future.join(all)
                .onSuccess(v -> LOG.info("{\"event\":\"budget_outage_spend_repaid\",\"counters\":{}}", debts.size()))
                .<Void>mapEmpty()
                .otherwiseEmpty();
    }

    @Override
    public Future<Void> settle(BudgetReservation r, long actualNanos) {
        return failover.finish(r, () -> shared.settle(r, actualNanos), () -> local().settle(r, actualNanos));
    }

    @Override
    public Future<Void> release(BudgetReservation r) {
        return failover.finish(r, () -> shared.release(r), () -> local().release(r));
    }

    /** Only reservations the share ledger made settle locally, so it exists whenever this is called. */
    private OutageShareLedger local() {
        if (shares == null) {
            throw new IllegalStateException("a fail-closed budget ledger never reserves locally");
        }
        return shares;
    }
}
