package dev.gatehouse.redis;

import io.vertx.core.Future;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The {@code on_redis_failure} policy, once for every Redis-backed counter (limits, budgets): a
 * reservation is tried in Redis; when Redis fails, it fails closed with 503 or falls back to this
 * instance's memory counters, and remembers where it was made so that its settle or release goes
 * to the same place. Thread-safe.
 *
 * @param <R> the reservation type, compared by identity
 */
public final class RedisFailover<R> {

    private final RedisHealth health;
    private final Set<R> madeLocally = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    public RedisFailover(RedisHealth health) {
        this.health = health;
    }

    /**
     * Reserves {@code r} in Redis, or by the policy when Redis fails.
     *
     * @param admitted whether a decision admitted the reservation (a refused local one is forgotten)
     */
    public <D> Future<D> reserve(R r, Supplier<Future<D>> shared, Supplier<Future<D>> local, Predicate<D> admitted) {
        return shared.get().transform(done -> {
            if (done.succeeded()) {
                health.recordSuccess();
                return Future.succeededFuture(done.result());
            }
            health.recordFailure(done.cause());
            if (health.failClosed()) {
                return Future.failedFuture(RedisHealth.unavailable());
            }
            madeLocally.add(r);
            return local.get().onSuccess(d -> {
                if (!admitted.test(d)) {
                    madeLocally.remove(r);
                }
            });
        });
    }

    /** Settles or releases {@code r} where it was reserved. */
    public Future<Void> finish(R r, Supplier<Future<Void>> shared, Supplier<Future<Void>> local) {
        if (madeLocally.remove(r)) {
            return local.get();
        }
        return shared.get().onFailure(health::recordFailure);
    }
}
