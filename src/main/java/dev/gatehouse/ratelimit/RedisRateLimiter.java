package dev.gatehouse.ratelimit;

import dev.gatehouse.redis.HashTag;
import dev.gatehouse.redis.RedisScript;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

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
 *
 * <p>Reservations asked for in one turn of an event loop (say, the requests read from one batch of
 * socket events) are sent as one script call, reserved one after the other, each all-or-nothing; this
 * adds no wait, since the call leaves when the turn ends. Settling is off the response path, so settles are gathered per event loop for up to {@link
 * #SETTLE_DELAY_MILLIS} (or {@link #SETTLE_BATCH} of them) and sent as one script call, which reads and
 * writes a token bucket they share once. A bucket a settle would not change (a request that used exactly
 * what it reserved and can give nothing back, such as the request count) is not sent at all.
 */
public final class RedisRateLimiter implements RateLimiter {

    static final String PREFIX = HashTag.prefix("rl", 3);
    static final Duration LEASE = Duration.ofMinutes(10);
    private static final RedisScript RESERVE = RedisScript.load("/dev/gatehouse/ratelimit/reserve-v3.lua");
    private static final RedisScript SETTLE = RedisScript.load("/dev/gatehouse/ratelimit/settle-v3.lua");
    private static final String WINDOW = Long.toString(Bucket.WINDOW_MILLIS);
    private static final String LEASE_MILLIS = Long.toString(LEASE.toMillis());
    static final long SETTLE_DELAY_MILLIS = 1;
    /** At most this many reservations, or settles, go in one script call. */
    static final int SETTLE_BATCH = 64;

    private final Redis redis;
    private final InstantSource clock;
    private final String namespace;
    /** This limiter's key for the batches it gathers in each event loop's context data. */
    private final Object reserveBatches = new Object();

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
        List<String> args = new ArrayList<>();
        args.add(Long.toString(now));
        args.add(r.id());
        args.add(Long.toString(now + LEASE.toMillis()));
        args.add(Integer.toString(r.buckets().size()));
        for (Bucket b : r.buckets()) {
            addKeys(keys, b);
            args.add(kind(b));
            args.add(Long.toString(b.limit()));
            args.add(Long.toString(r.amount(b)));
            args.add(Long.toString(r.refundable(b)));
        }
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            ReserveBatch alone = new ReserveBatch();
            Future<Decision> decided = alone.add(r, keys, args);
            alone.send();
            return decided;
        }
        ReserveBatch batch = context.get(reserveBatches);
        if (batch == null) {
            ReserveBatch fresh = new ReserveBatch();
            context.put(reserveBatches, fresh);
            context.runOnContext(v -> {
                if (context.get(reserveBatches) == fresh) {
                    context.remove(reserveBatches);
                    fresh.send();
                }
            });
            batch = fresh;
        }
        Future<Decision> decided = batch.add(r, keys, args);
        if (batch.size() >= SETTLE_BATCH) {
            context.remove(reserveBatches);
            batch.send();
        }
        return decided;
    }

    /** Reservations asked for in one turn of an event loop, sent as one script call. */
    private final class ReserveBatch {
        private final List<String> keys = new ArrayList<>();
        private final List<String> args = new ArrayList<>(List.of(WINDOW));
        private final List<Reservation> reservations = new ArrayList<>();
        private final List<Promise<Decision>> waiting = new ArrayList<>();

        Future<Decision> add(Reservation r, List<String> moreKeys, List<String> moreArgs) {
            keys.addAll(moreKeys);
            args.addAll(moreArgs);
            reservations.add(r);
            Promise<Decision> promise = Promise.promise();
            waiting.add(promise);
            return promise.future();
        }

        int size() {
            return waiting.size();
        }

        void send() {
            RESERVE.run(redis, keys, args).onComplete(reply -> {
                for (int i = 0; i < waiting.size(); i++) {
                    if (reply.failed()) {
                        waiting.get(i).fail(reply.cause());
                    } else {
                        try {
                            waiting.get(i)
                                    .complete(decision(
                                            reservations.get(i), reply.result().get(i)));
                        } catch (RuntimeException e) {
                            waiting.get(i).fail(e);
                        }
                    }
                }
            });
        }
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
    private Future<Void> run(Reservation r, ToLongFunction<Bucket> used) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        for (Bucket b : r.buckets()) {
            long amount = r.amount(b);
            long refundable = r.refundable(b);
            long spent = used.applyAsLong(b);
            if (b.meter() != Meter.PARALLEL && refundable == 0 && spent == amount) {
                continue;
            }
            addKeys(keys, b);
            args.add(kind(b));
            args.add(Long.toString(b.limit()));
            args.add(Long.toString(amount));
            args.add(Long.toString(refundable));
            args.add(Long.toString(spent));
        }
        if (args.isEmpty()) {
            return Future.succeededFuture();
        }
        args.addAll(0, List.of(Long.toString(clock.millis()), r.id(), Integer.toString(args.size() / 5)));
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            SettleBatch alone = new SettleBatch();
            Future<Void> done = alone.add(keys, args);
            alone.send();
            return done;
        }
        SettleBatch batch = context.get(this);
        if (batch == null) {
            SettleBatch fresh = new SettleBatch();
            context.put(this, fresh);
            context.owner().setTimer(SETTLE_DELAY_MILLIS, id -> {
                if (context.get(this) == fresh) {
                    context.remove(this);
                    fresh.send();
                }
            });
            batch = fresh;
        }
        Future<Void> done = batch.add(keys, args);
        if (batch.size() >= SETTLE_BATCH) {
            context.remove(this);
            batch.send();
        }
        return done;
    }

    /** Settles gathered on one event loop, sent as one script call; each waits for the call. */
    private final class SettleBatch {
        private final List<String> keys = new ArrayList<>();
        private final List<String> args = new ArrayList<>(List.of(LEASE_MILLIS, WINDOW));
        private final List<Promise<Void>> waiting = new ArrayList<>();

        Future<Void> add(List<String> moreKeys, List<String> moreArgs) {
            keys.addAll(moreKeys);
            args.addAll(moreArgs);
            Promise<Void> promise = Promise.promise();
            waiting.add(promise);
            return promise.future();
        }

        int size() {
            return waiting.size();
        }

        void send() {
            SETTLE.run(redis, keys, args).onComplete(reply -> {
                for (Promise<Void> p : waiting) {
                    if (reply.succeeded()) {
                        p.complete();
                    } else {
                        p.fail(reply.cause());
                    }
                }
            });
        }
    }
}
