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

    /** A token bucket's level at a time, or a parallel counter (level = slots in use). */
    private static final class Level {
        double tokens;
        long at;
    }

    private final InstantSource clock;
    private final Map<String, Level> levels = new HashMap<>();
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
            Level level = refill(b, now);
            if (b.meter() == Meter.PARALLEL) {
                if (level.tokens + amount > b.limit()) {
                    refused = refused == null ? b : refused;
                    waitMillis = Math.max(waitMillis, 1000);
                }
            } else if (amount > level.tokens) {
                refused = refused == null ? b : refused;
                waitMillis = Math.max(waitMillis, TokenBuckets.waitMillis(b, level.tokens, amount));
            }
        }
        if (refused == null) {
            for (Bucket b : r.buckets()) {
                if (b.windowed()) {
                    log(b, now).add(r.id(), now, r.amount(b));
                    continue;
                }
                // The first loop refilled every bucket at this same instant, so refill() only looks it up.
                Level level = refill(b, now);
                level.tokens += b.meter() == Meter.PARALLEL ? r.amount(b) : -r.amount(b);
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
        Level level = refill(b, now);
        level.tokens = b.meter() == Meter.PARALLEL
                ? Math.max(0, level.tokens - r.amount(b))
                : TokenBuckets.settled(b, level.tokens, r.amount(b), used);
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

    /** The bucket's level now: a token bucket gains what it refilled since it was last seen. */
    private Level refill(Bucket b, long now) {
        Level level = levels.get(b.name());
        if (level == null) {
            level = new Level();
            level.tokens = b.meter() == Meter.PARALLEL ? 0 : b.capacity();
            level.at = now;
            levels.put(b.name(), level);
        } else if (b.meter() != Meter.PARALLEL && now > level.at) {
            level.tokens = TokenBuckets.refilled(b, level.tokens, now - level.at);
            level.at = now;
        }
        return level;
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
            Level level = refill(b, now);
            out.add(
                    b.meter() == Meter.PARALLEL
                            ? new BucketState(b, (long) Math.max(0, b.limit() - level.tokens), Duration.ZERO)
                            : TokenBuckets.state(b, level.tokens));
        }
        return out;
    }
}
