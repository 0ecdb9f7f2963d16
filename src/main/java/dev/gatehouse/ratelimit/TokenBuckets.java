package dev.gatehouse.ratelimit;

import java.time.Duration;

/**
 * Token-bucket arithmetic both limiters share (the Redis script repeats it in Lua). A bucket holds
 * at most its {@linkplain Bucket#capacity() burst} and refills continuously at
 * {@linkplain Bucket#ratePerMilli() its rate}; a reservation needs its whole amount in the bucket.
 * Settling takes an overrun even below zero, and gives back unused tokens only as far as
 * {@link TokenBucket} explains, so what a bucket admits in any interval of length {@code T} stays
 * within burst + rate × T.
 */
final class TokenBuckets {

    /** What a refused request is told when it asks for more than the bucket ever holds: a minute. */
    static final long OVERSIZE_WAIT_MILLIS = 60_000;

    private TokenBuckets() {}

    /** Milliseconds until a bucket at {@code tokens} holds {@code amount}. */
    static long waitMillis(Bucket b, double tokens, long amount) {
        if (amount > b.capacity()) {
            return OVERSIZE_WAIT_MILLIS;
        }
        return Math.max(1, (long) Math.ceil((amount - tokens) / b.ratePerMilli()));
    }

    /** The level after {@code millis} of refill from {@code tokens}, never above the burst. */
    static double refilled(Bucket b, double tokens, long millis) {
        return Math.min(b.capacity(), tokens + millis * b.ratePerMilli());
    }

    /**
     * The level after settling: an overrun is taken whole (the level may go below zero); unused
     * tokens come back, but never past {@code ceiling} (see {@link TokenBucket}) unless the level
     * already was.
     */
    static double settled(double tokens, long refund, double ceiling) {
        return refund <= 0 ? tokens + refund : Math.max(tokens, Math.min(tokens + refund, ceiling));
    }

    static BucketState state(Bucket b, double tokens) {
        long toFull = (long) Math.ceil(Math.max(0, b.capacity() - tokens) / b.ratePerMilli());
        return new BucketState(b, (long) Math.max(0, Math.floor(tokens)), Duration.ofMillis(toFull));
    }
}
