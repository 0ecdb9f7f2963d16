package dev.gatehouse.server;

import dev.gatehouse.budget.BudgetAlerts;
import dev.gatehouse.budget.BudgetLedger;
import dev.gatehouse.budget.BudgetSeeding;
import dev.gatehouse.budget.BudgetWatch;
import dev.gatehouse.budget.FailoverBudgetLedger;
import dev.gatehouse.budget.MemoryBudgetLedger;
import dev.gatehouse.budget.OutageShareLedger;
import dev.gatehouse.budget.RedisBudgetLedger;
import dev.gatehouse.budget.SpendSource;
import dev.gatehouse.config.StateSettings;
import dev.gatehouse.idempotency.IdempotencyStore;
import dev.gatehouse.idempotency.MemoryIdempotencyStore;
import dev.gatehouse.idempotency.RedisIdempotencyStore;
import dev.gatehouse.ratelimit.FailoverRateLimiter;
import dev.gatehouse.ratelimit.LimitQueue;
import dev.gatehouse.ratelimit.MemoryRateLimiter;
import dev.gatehouse.ratelimit.QueueWakeups;
import dev.gatehouse.ratelimit.RateLimiter;
import dev.gatehouse.ratelimit.RedisQueueWakeups;
import dev.gatehouse.ratelimit.RedisRateLimiter;
import dev.gatehouse.redis.LiveInstances;
import dev.gatehouse.redis.RedisClients;
import dev.gatehouse.redis.RedisHealth;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.jspecify.annotations.Nullable;

/**
 * Where the gateway keeps its request counters ({@code state:}): rate limits, budget spend and
 * idempotent replies, in memory for one instance or in Redis shared by all, with the Redis failure
 * policy around them. Chosen once at start; thread-safe.
 *
 * @param redisHealth the Redis failure record, or null in memory mode
 * @param redis the shared Redis client, or null in memory mode
 * @param instances the live-instance count kept in Redis, or null in memory mode
 * @param queue requests waiting for limits that queue, in this instance
 * @param wakeups how freed capacity reaches waiting requests (with Redis, on every instance)
 */
record CounterState(
        RateLimiter limiter,
        BudgetLedger budgets,
        IdempotencyStore idempotency,
        BudgetAlerts alerts,
        @Nullable RedisHealth redisHealth,
        @Nullable Redis redis,
        @Nullable LiveInstances instances,
        LimitQueue queue,
        QueueWakeups wakeups) {

    /** As {@link #of(Vertx, GatewayClock, StateSettings, SpendSource, BudgetWatch)}, with nobody watching budgets. */
    static CounterState of(Vertx vertx, GatewayClock clock, StateSettings settings, SpendSource spend) {
        return of(vertx, clock, settings, spend, BudgetWatch.NONE);
    }

    /**
     * @param spend where a budget counter missing from Redis gets its spend back from
     * @param budgetWatch told each budget's spend at every decision (the alert engine)
     */
    static CounterState of(
            Vertx vertx, GatewayClock clock, StateSettings settings, SpendSource spend, BudgetWatch budgetWatch) {
        RateLimiter localLimits = new MemoryRateLimiter(clock);
        LimitQueue queue = new LimitQueue(clock);
        if (settings.kind() != StateSettings.Kind.REDIS) {
            return new CounterState(
                    localLimits,
                    new MemoryBudgetLedger(),
                    new MemoryIdempotencyStore(clock),
                    new BudgetAlerts(budgetWatch),
                    null,
                    null,
                    null,
                    queue,
                    QueueWakeups.local(queue));
        }
        Redis redis = RedisClients.create(vertx, settings);
        RedisHealth health = new RedisHealth(settings.failClosed());
        LiveInstances live = new LiveInstances(redis, clock, settings.keyPrefix());
        RedisBudgetLedger sharedBudgets = new RedisBudgetLedger(redis, settings.keyPrefix(), spend);
        Integer configured = settings.instances();
        BudgetLedger budgets = switch (settings.budgetsOnFailure()) {
            case FAIL_CLOSED -> FailoverBudgetLedger.failingClosed(sharedBudgets, health);
            case SHARE ->
                FailoverBudgetLedger.sharing(
                        sharedBudgets,
                        new OutageShareLedger(spend, configured != null ? () -> configured : live::count, clock),
                        health,
                        clock);
        };
        return new CounterState(
                new FailoverRateLimiter(new RedisRateLimiter(redis, clock, settings.keyPrefix()), localLimits, health),
                budgets,
                new RedisIdempotencyStore(clock, redis, settings.keyPrefix()),
                new BudgetAlerts(budgetWatch),
                health,
                redis,
                live,
                queue,
                new RedisQueueWakeups(redis, clock, queue, settings.keyPrefix()));
    }

    /** Starts counting the live instances in Redis (with Redis); completes after the first beat, whatever it found. */
    Future<Void> start() {
        Future<Void> hearing = wakeups.start();
        return instances == null ? hearing : hearing.compose(v -> instances.start());
    }

    /**
     * The ledger to seed from the usage store at start ({@link BudgetSeeding}): the memory ledger in
     * memory mode; null with Redis, whose counters outlive the process and which seeds a counter it
     * finds missing by itself, whenever that happens.
     */
    @Nullable
    MemoryBudgetLedger ledgerToSeed() {
        return budgets instanceof MemoryBudgetLedger memory ? memory : null;
    }

    Future<Void> close() {
        if (budgets instanceof FailoverBudgetLedger failover) {
            failover.stop();
        }
        Future<Void> leaving =
                wakeups.close().eventually(() -> instances == null ? Future.succeededFuture() : instances.stop());
        return leaving.eventually(() -> redis == null ? Future.succeededFuture() : redis.close());
    }
}
