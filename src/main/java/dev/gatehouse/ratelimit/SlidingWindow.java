package dev.gatehouse.ratelimit;

/**
 * Sliding-window counter arithmetic (the Redis script repeats it in Lua). Usage over the last
 * minute is estimated from two fixed one-minute windows: this minute's count plus the previous
 * minute's, weighted by how much of it still lies within the last 60 s. It never admits a burst
 * beyond the limit, unlike a full token bucket; settling corrects this minute's count.
 */
final class SlidingWindow {

    static final long MINUTE = 60_000;

    private SlidingWindow() {}

    /** A counter: this window's count, the previous window's, and when this window started. */
    static final class State {
        double current;
        double previous;
        long start;
    }

    static State fresh(long now) {
        State s = new State();
        s.start = now - Math.floorMod(now, MINUTE);
        return s;
    }

    /** Moves the windows forward to the one holding {@code now}; a clock behind the state changes nothing. */
    static void roll(State s, long now) {
        long window = now - Math.floorMod(now, MINUTE);
        if (window <= s.start) {
            return;
        }
        s.previous = window == s.start + MINUTE ? s.current : 0;
        s.current = 0;
        s.start = window;
    }

    static double used(State s, long now) {
        double elapsed = Math.min(1, Math.max(0, (now - s.start) / (double) MINUTE));
        return s.previous * (1 - elapsed) + s.current;
    }

    /** Milliseconds until {@code amount} more fits. */
    static long waitMillis(Bucket b, State s, long now, long amount) {
        if (amount > b.limit()) {
            return TokenBuckets.OVERSIZE_WAIT_MILLIS;
        }
        if (s.current + amount <= b.limit() && s.previous > 0) {
            double t = MINUTE * (1 - (b.limit() - s.current - amount) / s.previous);
            return Math.max(1, (long) Math.ceil(t - (now - s.start)));
        }
        long toNext = s.start + MINUTE - now;
        double t = s.current <= 0 ? 0 : MINUTE * (1 - (b.limit() - amount) / s.current);
        return Math.max(1, toNext + (long) Math.ceil(Math.max(0, t)));
    }

    static BucketState state(Bucket b, State s, long now) {
        long reset = s.current > 0 ? s.start + 2 * MINUTE - now : s.previous > 0 ? s.start + MINUTE - now : 0;
        return new BucketState(
                b, (long) Math.max(0, Math.floor(b.limit() - used(s, now))), java.time.Duration.ofMillis(reset));
    }
}
