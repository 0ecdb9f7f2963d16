package dev.gatehouse.ratelimit;

import io.vertx.core.Future;

/**
 * Requests, token and concurrency limits shared by everything that calls it: in this process
 * ({@link MemoryRateLimiter}) or across instances ({@link RedisRateLimiter}).
 *
 * <p>Reserve, then settle: {@link #reserve} takes the request's estimate from every bucket at once or
 * from none; {@link #settle} corrects the token buckets to what the request really used and frees
 * its parallel slot; {@link #release} is settle for a request that failed (its tokens come back,
 * the request itself still counts). Each admitted reservation is settled or released exactly once.
 * Per-minute buckets are token buckets: full at the limit, refilling continuously at limit/60 s.
 * A token bucket may go below zero when a request used more than it reserved, which delays later
 * requests instead of letting the overrun go unpaid.
 *
 * <p>Called on event loops; never blocks. Time comes from the implementation's injected clock.
 */
public interface RateLimiter {

    Future<Decision> reserve(Reservation reservation);

    Future<Void> settle(Reservation reservation, long inputTokens, long outputTokens);

    Future<Void> release(Reservation reservation);
}
