package dev.gatehouse.budget;

import dev.gatehouse.redis.RedisFailover;
import dev.gatehouse.redis.RedisHealth;
import io.vertx.core.Future;

/**
 * The Redis ledger with the {@code on_redis_failure} policy: fail open to this instance's memory
 * ledger (which knows only what this instance spent while Redis was away, so budgets are enforced
 * per instance until it is back) or fail closed with 503. A reservation settles where it was made.
 * Thread-safe.
 */
public final class FailoverBudgetLedger implements BudgetLedger {

    private final BudgetLedger shared;
    private final BudgetLedger local;
    private final RedisFailover<BudgetReservation> failover;

    public FailoverBudgetLedger(BudgetLedger shared, BudgetLedger local, RedisHealth health) {
        this.shared = shared;
        this.local = local;
        this.failover = new RedisFailover<>(health);
    }

    @Override
    public Future<BudgetDecision> reserve(BudgetReservation r) {
        return failover.reserve(r, () -> shared.reserve(r), () -> local.reserve(r), BudgetDecision::admitted);
    }

    @Override
    public Future<Void> settle(BudgetReservation r, long actualMicros) {
        return failover.finish(r, () -> shared.settle(r, actualMicros), () -> local.settle(r, actualMicros));
    }

    @Override
    public Future<Void> release(BudgetReservation r) {
        return failover.finish(r, () -> shared.release(r), () -> local.release(r));
    }
}
