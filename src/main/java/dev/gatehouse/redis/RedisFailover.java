package dev.gatehouse.redis;

import dev.gatehouse.error.GatewayError;
import io.vertx.core.Future;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A Redis failure policy, once for every Redis-backed counter (limits follow
 * {@code on_redis_failure}, budgets {@code budgets_on_redis_failure}): a reservation is tried in
 * Redis; when Redis fails, it fails closed with 503 or falls back to this instance's local
 * counters, and remembers where it was made so that its settle or release goes to the same place.
 * Thread-safe.
 *
 * @param <R> the reservation type, compared by identity
 */
public final class RedisFailover<R> {

    private final RedisHealth health;
    private final boolean failClosed;
    private final Supplier<GatewayError> closed;
    private final Set<R> madeLocally = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    /** The {@code on_redis_failure} policy of rate limits. */
    public RedisFailover(RedisHealth health) {
        this(health, health.failClosed(), RedisHealth::unavailable);
    }

    /**
     * @param failClosed whether a reservation fails with {@code closed} when Redis fails, rather than
     *     falling back to the local counters
     */
    public RedisFailover(RedisHealth health, boolean failClosed, Supplier<GatewayError> closed) {
        this.health = health;
        this.failClosed = failClosed;
        this.closed = closed;
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
            if (failClosed) {
                return Future.failedFuture(closed.get());
            }
            madeLocally.add(r);
            return local.get().onComplete(d -> {
                if (d.failed() || !admitted.test(d.result())) {
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
