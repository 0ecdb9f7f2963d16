package dev.gatehouse.ratelimit;

import dev.gatehouse.redis.RedisFailover;
import dev.gatehouse.redis.RedisHealth;
import io.vertx.core.Future;

/**
 * The Redis limiter with a policy for when Redis fails: fail open to this instance's own memory
 * limiter (each instance then enforces the limits alone, so the gateway as a whole may admit up
 * to limit × instances until Redis is back) or fail closed with 503. A reservation settles where it
 * was made. Thread-safe.
 */
public final class FailoverRateLimiter implements RateLimiter {

    private final RateLimiter shared;
    private final RateLimiter local;
    private final RedisFailover<Reservation> failover;

    public FailoverRateLimiter(RateLimiter shared, RateLimiter local, RedisHealth health) {
        this.shared = shared;
        this.local = local;
        this.failover = new RedisFailover<>(health);
    }

    @Override
    public Future<Decision> reserve(Reservation r) {
        return failover.reserve(r, () -> shared.reserve(r), () -> local.reserve(r), Decision::admitted);
    }

    @Override
    public Future<Void> settle(Reservation r, long inputTokens, long outputTokens) {
        return failover.finish(
                r, () -> shared.settle(r, inputTokens, outputTokens), () -> local.settle(r, inputTokens, outputTokens));
    }

    @Override
    public Future<Void> release(Reservation r) {
        return failover.finish(r, () -> shared.release(r), () -> local.release(r));
    }
}
