package dev.gatehouse.ratelimit;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link RateLimiter} in this process's memory, for one gateway instance. One lock guards every
 * bucket so a reservation across scopes is all-or-nothing; the work under it is a few arithmetic
 * operations per bucket (a sliding log also drops the entries that left its window), far shorter
 * than contention would make worth splitting. An empty sliding log is forgotten. Thread-safe.
 */
public final class MemoryRateLimiter implements RateLimiter {

    private final InstantSource clock;
    private final Map<String, TokenBucket> tokenBuckets = new HashMap<>();
    private final Map<String, Long> slotsInUse = new HashMap<>();
    private final Map<String, SlidingLog> logs = new HashMap<>();

    public MemoryRateLimiter(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Future<Decision> reserve(Reservation r) {
        long now = clock.millis();
        Bucket refused = null;
        long waitMillis = 0;
        for (Bucket b : r.buckets()) {
            long amount = r.amount(b);
            if (b.windowed()) {
                SlidingLog log = log(b, now);
                if (!log.fits(b, amount)) {
                    refused = refused == null ? b : refused;
                    waitMillis = Math.max(waitMillis, log.waitMillis(b, now, amount));
                }
                continue;
            }
            if (b.meter() == Meter.PARALLEL) {
                if (slots(b) + amount > b.limit()) {
                    refused = refused == null ? b : refused;
                    waitMillis = Math.max(waitMillis, 1000);
                }
                continue;
            }
            TokenBucket bucket = refill(b, now);
            if (amount > bucket.tokens()) {
                refused = refused == null ? b : refused;
                waitMillis = Math.max(waitMillis, TokenBuckets.waitMillis(b, bucket.tokens(), amount));
            }
        }
        if (refused == null) {
            for (Bucket b : r.buckets()) {
                if (b.windowed()) {
                    log(b, now).add(r.id(), now, r.amount(b));
                    continue;
                }
                if (b.meter() == Meter.PARALLEL) {
                    slotsInUse.merge(b.name(), r.amount(b), Long::sum);
                } else {
                    // The first loop refilled every bucket at this same instant, so refill() only looks it up.
                    refill(b, now).take(r.amount(b), r.refundable(b));
                }
            }
        }
        return Future.succeededFuture(
                new Decision(refused, refused == null ? null : Duration.ofMillis(waitMillis), states(r, now)));
    }

    @Override
    public synchronized Future<Void> settle(Reservation r, long inputTokens, long outputTokens) {
        long now = clock.millis();
        for (Bucket b : r.buckets()) {
            finish(b, r, now, b.meter().amount(inputTokens, outputTokens));
        }
        return Future.succeededFuture();
    }

    @Override
    public synchronized Future<Void> release(Reservation r) {
        long now = clock.millis();
        for (Bucket b : r.buckets()) {
            finish(b, r, now, b.meter().refundedOnRelease() ? 0 : r.amount(b));
        }
        return Future.succeededFuture();
    }

    /** Settles one bucket of {@code r} to {@code used}; a parallel slot is freed whatever {@code used} is. */
    private void finish(Bucket b, Reservation r, long now, long used) {
        if (b.windowed()) {
            SlidingLog log = log(b, now);
            log.settle(r.id(), now, r.amount(b), used);
            forgetIfEmpty(b, log);
            return;
        }
        if (b.meter() == Meter.PARALLEL) {
            long left = slots(b) - r.amount(b);
            if (left > 0) {
                slotsInUse.put(b.name(), left);
            } else {
                slotsInUse.remove(b.name());
            }
            return;
        }
        refill(b, now).settle(r.amount(b), r.refundable(b), used);
    }

    private long slots(Bucket b) {
        return slotsInUse.getOrDefault(b.name(), 0L);
    }

    /** The bucket's sliding log, without the entries that left its window by {@code now}. */
    private SlidingLog log(Bucket b, long now) {
        SlidingLog log = logs.computeIfAbsent(b.name(), n -> new SlidingLog());
        log.trim(now);
        return log;
    }

    private void forgetIfEmpty(Bucket b, SlidingLog log) {
        if (log.isEmpty()) {
            logs.remove(b.name());
        }
    }

    /** The token bucket as of now: it gains what it refilled since it was last seen. */
    private TokenBucket refill(Bucket b, long now) {
        // get, then put when absent: computeIfAbsent's lambda would capture b and now, an object per call.
        TokenBucket bucket = tokenBuckets.get(b.name());
        if (bucket == null) {
            bucket = new TokenBucket(b, now);
            tokenBuckets.put(b.name(), bucket);
        }
        bucket.refill(b, now);
        return bucket;
    }

    private List<BucketState> states(Reservation r, long now) {
        List<BucketState> out = new ArrayList<>();
        for (Bucket b : r.buckets()) {
            if (b.windowed()) {
                SlidingLog log = log(b, now);
                out.add(log.state(b, now));
                forgetIfEmpty(b, log);
                continue;
            }
            out.add(
                    b.meter() == Meter.PARALLEL
                            ? new BucketState(b, Math.max(0, b.limit() - slots(b)), Duration.ZERO)
                            : TokenBuckets.state(b, refill(b, now).tokens()));
        }
        return out;
    }
}
