package dev.gatehouse.ratelimit;

import dev.gatehouse.redis.HashTag;
import dev.gatehouse.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link RateLimiter} in Redis, shared by every gateway instance: each operation is one Lua script
 * run atomically, so a reservation across scopes is all-or-nothing even with many instances. The
 * time is the caller's clock, passed into the script (injectable in tests; instance clocks are
 * assumed NTP-close, and a bucket's time never moves back).
 *
 * <p>Every key carries the one hash tag {@code {gh}}: a script may only touch keys of one Cluster
 * slot, and a reservation spans key, user, team and global buckets. That puts all limit state on one
 * Cluster shard, which is the price of atomic all-or-nothing across scopes.
 *
 * <p>A sliding window is a log in two keys: a sorted set of reservation ids by admission time and a
 * hash of their weights. Both expire when the newest entry leaves the window. A token bucket is a
 * hash (see {@link TokenBucket}) and a sorted set of what running reservations may give back.
 * Parallel slots and those holds are leases that expire after {@link #LEASE}, so an instance that
 * dies mid-request does not hold them forever.
 */
public final class RedisRateLimiter implements RateLimiter {

    static final String PREFIX = HashTag.prefix("rl", 2);
    static final Duration LEASE = Duration.ofMinutes(10);
    private static final RedisScript RESERVE = RedisScript.load("/dev/gatehouse/ratelimit/reserve-v2.lua");
    private static final RedisScript SETTLE = RedisScript.load("/dev/gatehouse/ratelimit/settle-v2.lua");
    private static final String WINDOW = Long.toString(Bucket.WINDOW_MILLIS);

    private final Redis redis;
    private final InstantSource clock;
    private final String namespace;

    /**
     * @param namespace put in front of every key, before the hash tag ({@code StateSettings.keyPrefix()};
     *     "" keeps the key names of versions without a namespace)
     */
    public RedisRateLimiter(Redis redis, InstantSource clock, String namespace) {
        this.redis = redis;
        this.clock = clock;
        this.namespace = namespace;
    }

    /** Adds the bucket's keys: a sliding log and its weights, a token bucket and its holds, or parallel leases. */
    private void addKeys(List<String> keys, Bucket b) {
        String key = namespace + PREFIX + b.name();
        keys.add(key);
        if (b.windowed()) {
            keys.add(key + ":weights");
        } else if (b.meter() != Meter.PARALLEL) {
            keys.add(key + ":holds");
        }
    }

    private static String kind(Bucket b) {
        return b.meter() == Meter.PARALLEL ? "p" : b.windowed() ? "w" : "b";
    }

    @Override
    public Future<Decision> reserve(Reservation r) {
        long now = clock.millis();
        List<String> keys = new ArrayList<>();
        List<String> args =
                new ArrayList<>(List.of(Long.toString(now), r.id(), Long.toString(now + LEASE.toMillis()), WINDOW));
        for (Bucket b : r.buckets()) {
            addKeys(keys, b);
            args.add(kind(b));
            args.add(Long.toString(b.limit()));
            args.add(Long.toString(r.amount(b)));
            args.add(Long.toString(r.refundable(b)));
        }
        return RESERVE.run(redis, keys, args).map(reply -> decision(r, reply));
    }

    private static Decision decision(Reservation r, Response reply) {
        int refused = reply.get(0).toInteger();
        long wait = reply.get(1).toLong();
        List<BucketState> states = new ArrayList<>();
        for (int i = 0; i < r.buckets().size(); i++) {
            Bucket b = r.buckets().get(i);
            double level = Double.parseDouble(reply.get(2 + 2 * i).toString());
            long reset = (long) Double.parseDouble(reply.get(3 + 2 * i).toString());
            states.add(
                    b.meter() == Meter.PARALLEL
                            ? new BucketState(b, (long) Math.max(0, b.limit() - level), Duration.ZERO)
                            : b.windowed()
                                    ? new BucketState(
                                            b, (long) Math.max(0, b.limit() - level), Duration.ofMillis(reset))
                                    : TokenBuckets.state(b, level));
        }
        return refused == 0
                ? new Decision(null, null, states)
                : new Decision(r.buckets().get(refused - 1), Duration.ofMillis(wait), states);
    }

    @Override
    public Future<Void> settle(Reservation r, long inputTokens, long outputTokens) {
        return run(r, b -> b.meter().amount(inputTokens, outputTokens));
    }

    @Override
    public Future<Void> release(Reservation r) {
        return run(r, b -> b.meter().refundedOnRelease() ? 0 : r.amount(b));
    }

    /** Settles every bucket of {@code r} to what {@code used} says it used. */
    private Future<Void> run(Reservation r, java.util.function.ToLongFunction<Bucket> used) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>(
                List.of(Long.toString(clock.millis()), r.id(), Long.toString(LEASE.toMillis()), WINDOW));
        for (Bucket b : r.buckets()) {
            addKeys(keys, b);
            args.add(kind(b));
            args.add(Long.toString(b.limit()));
            args.add(Long.toString(r.amount(b)));
            args.add(Long.toString(r.refundable(b)));
            args.add(Long.toString(used.applyAsLong(b)));
        }
        return SETTLE.run(redis, keys, args).mapEmpty();
    }
}
