package dev.gatehouse.ratelimit;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sliding-window bucket in memory: the log of what each admitted reservation weighs, by the time
 * it was admitted. An entry counts in the window {@code (now - WINDOW, now]}, so the weight admitted
 * in any interval of the window's length never passes the limit (the Redis script keeps the same
 * log in a sorted set). Entries are kept in admission order, which is time order because the log's
 * time never moves back; settling one to zero removes it, so a log holds at most {@code limit}
 * entries beyond the overruns. Not thread-safe: {@link MemoryRateLimiter} holds its lock.
 */
final class SlidingLog {

    /** One reservation's weight; mutable so settling adjusts it in place. */
    private static final class Entry {
        final long at;
        long weight;

        Entry(long at, long weight) {
            this.at = at;
            this.weight = weight;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long used;
    /** The log's time: the latest admission it saw, kept when that entry goes. */
    private long latest = Long.MIN_VALUE;
    /** The newest entry's time, when the window will hold nothing. */
    private long newest = Long.MIN_VALUE;

    /** The log's time at {@code now}: never before an entry it holds, so entries stay in time order. */
    private long time(long now) {
        return Math.max(now, latest);
    }

    /** Drops the entries that left the window at {@code now}. */
    void trim(long now) {
        long horizon = time(now) - Bucket.WINDOW_MILLIS;
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.at > horizon) {
                return;
            }
            used -= e.weight;
            it.remove();
        }
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether {@code amount} more fits now (call {@link #trim} first). */
    boolean fits(Bucket b, long amount) {
        return used + amount <= b.limit();
    }

    /** Logs reservation {@code id} at {@code now}; a weightless one is not kept. */
    void add(String id, long now, long weight) {
        if (weight <= 0) {
            return;
        }
        long at = time(now);
        entries.put(id, new Entry(at, weight));
        latest = at;
        newest = at;
        used += weight;
    }

    /**
     * Settles reservation {@code id} to {@code actual}. An entry still in the window takes the real
     * weight; one already gone (or never logged, having weighed nothing) leaves any overrun as a new
     * entry at {@code now}, so tokens used beyond the estimate are counted late rather than never.
     */
    void settle(String id, long now, long reserved, long actual) {
        trim(now);
        Entry e = entries.get(id);
        if (e == null) {
            add(id, now, actual - reserved);
            return;
        }
        long weight = Math.max(0, actual);
        used += weight - e.weight;
        e.weight = weight;
        if (weight == 0) {
            entries.remove(id);
            if (e.at == newest) {
                // Rare (the newest request failed or used nothing), so a walk is cheaper than an index.
                newest = entries.values().stream().mapToLong(x -> x.at).max().orElse(Long.MIN_VALUE);
            }
        }
    }

    /** Milliseconds until {@code amount} more fits: until enough of the oldest entries have left the window. */
    long waitMillis(Bucket b, long now, long amount) {
        if (amount > b.limit()) {
            return TokenBuckets.OVERSIZE_WAIT_MILLIS;
        }
        long excess = used + amount - b.limit();
        for (Entry e : entries.values()) {
            excess -= e.weight;
            if (excess <= 0) {
                return Math.max(1, e.at + Bucket.WINDOW_MILLIS - now);
            }
        }
        return 1;
    }

    /** Room left now, and how long until the window holds nothing: when the newest entry leaves it. */
    BucketState state(Bucket b, long now) {
        long reset = entries.isEmpty() ? 0 : Math.max(0, newest + Bucket.WINDOW_MILLIS - now);
        return new BucketState(b, Math.max(0, b.limit() - used), Duration.ofMillis(reset));
    }
}
