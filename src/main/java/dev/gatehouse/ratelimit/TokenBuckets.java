package dev.gatehouse.ratelimit;

import java.time.Duration;

/** Token-bucket arithmetic both limiters share (the Redis script repeats it in Lua). */
final class TokenBuckets {

    /** What a refused request is told when it asks for more than the bucket ever holds: a minute. */
    static final long OVERSIZE_WAIT_MILLIS = 60_000;

    private TokenBuckets() {}

    /** Milliseconds until a bucket at {@code tokens} holds {@code amount}. */
    static long waitMillis(Bucket b, double tokens, long amount) {
        if (amount > b.limit()) {
            return OVERSIZE_WAIT_MILLIS;
        }
        return Math.max(1, (long) Math.ceil((amount - tokens) / b.ratePerMilli()));
    }

    static BucketState state(Bucket b, double tokens) {
        long toFull = (long) Math.ceil(Math.max(0, b.limit() - tokens) / b.ratePerMilli());
        return new BucketState(b, (long) Math.max(0, Math.floor(tokens)), Duration.ofMillis(toFull));
    }
}
