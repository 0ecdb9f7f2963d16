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
 * operations per bucket, far shorter than contention would make worth splitting. Thread-safe.
 */
public final class MemoryRateLimiter implements RateLimiter {

    /** A token bucket's level at a time, or a parallel counter (level = slots in use). */
    private static final class Level {
        double tokens;
        long at;
    }

    private final InstantSource clock;
    private final Map<String, Level> levels = new HashMap<>();
    private final Map<String, SlidingWindow.State> windows = new HashMap<>();

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
                SlidingWindow.State w = window(b, now);
                if (SlidingWindow.used(w, now) + amount > b.limit()) {
                    refused = refused == null ? b : refused;
                    waitMillis = Math.max(waitMillis, SlidingWindow.waitMillis(b, w, now, amount));
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
                    // The first loop rolled and refilled every bucket at this same instant, so
                    // window() and refill() only look them up here.
                    window(b, now).current += r.amount(b);
                    continue;
                }
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
            if (b.windowed()) {
                SlidingWindow.State w = window(b, now);
                w.current = Math.max(0, w.current + b.meter().amount(inputTokens, outputTokens) - r.amount(b));
                continue;
            }
            Level level = refill(b, now);
            if (b.meter() == Meter.PARALLEL) {
                level.tokens = Math.max(0, level.tokens - r.amount(b));
            } else {
                long used = b.meter().amount(inputTokens, outputTokens);
                level.tokens = Math.min(b.limit(), level.tokens + r.amount(b) - used);
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public synchronized Future<Void> release(Reservation r) {
        long now = clock.millis();
        for (Bucket b : r.buckets()) {
            if (!b.meter().refundedOnRelease()) {
                continue;
            }
            if (b.windowed()) {
                SlidingWindow.State w = window(b, now);
                w.current = Math.max(0, w.current - r.amount(b));
                continue;
            }
            Level level = refill(b, now);
            if (b.meter() == Meter.PARALLEL) {
                level.tokens = Math.max(0, level.tokens - r.amount(b));
            } else {
                level.tokens = Math.min(b.limit(), level.tokens + r.amount(b));
            }
        }
        return Future.succeededFuture();
    }

    private SlidingWindow.State window(Bucket b, long now) {
        SlidingWindow.State w = windows.computeIfAbsent(b.name(), n -> SlidingWindow.fresh(now));
        SlidingWindow.roll(w, now);
        return w;
    }

    /** The bucket's level now: a token bucket gains what it refilled since it was last seen. */
    private Level refill(Bucket b, long now) {
        Level level = levels.get(b.name());
        if (level == null) {
            level = new Level();
            level.tokens = b.meter() == Meter.PARALLEL ? 0 : b.limit();
            level.at = now;
            levels.put(b.name(), level);
        } else if (b.meter() != Meter.PARALLEL && now > level.at) {
            level.tokens = Math.min(b.limit(), level.tokens + (now - level.at) * b.ratePerMilli());
            level.at = now;
        }
        return level;
    }

    private List<BucketState> states(Reservation r, long now) {
        List<BucketState> out = new ArrayList<>();
        for (Bucket b : r.buckets()) {
            if (b.windowed()) {
                out.add(SlidingWindow.state(b, window(b, now), now));
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
