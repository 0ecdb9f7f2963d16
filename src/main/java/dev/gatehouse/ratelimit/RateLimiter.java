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
 *
 * <p>A per-minute bucket is one of two kinds ({@link Bucket#slidingWindow()}):
 * <ul>
 *   <li>A token bucket: its burst is the limit (it starts full), and it refills continuously at the
 *       limit per minute. What it admits in any interval of length {@code T} is at most
 *       {@code limit + limit × T / 60 s}; settling gives back unused tokens only as far as that
 *       stays true ({@link TokenBucket} explains how). It may go below zero when a request used more than it reserved, which delays later requests
 *       instead of letting the overrun go unpaid.
 *   <li>A sliding window: a log of what each admitted request weighs, at the time it was admitted.
 *       What it admits in any interval of 60 s is at most the limit, exactly, across every instance
 *       sharing it. Settling sets the request's entry to what it really used; an overrun of a request
 *       whose entry already left the window is logged at settle time.
 * </ul>
 * Both bounds count each request at its estimate, lowered to its real use when it used less. An
 * overrun of the estimate cannot be refused after the fact: it is charged when the request settles
 * and may carry an interval past its bound by that much, then delays later requests.
 *
 * <p>Called on event loops; never blocks. Time comes from the implementation's injected clock.
 */
public interface RateLimiter {

    Future<Decision> reserve(Reservation reservation);

    Future<Void> settle(Reservation reservation, long inputTokens, long outputTokens);

    Future<Void> release(Reservation reservation);
}
