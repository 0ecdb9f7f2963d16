package dev.gatehouse.ratelimit;

/**
 * One token bucket in memory (the Redis script keeps the same three numbers in a hash).
 *
 * <p>Settling is what can break a token bucket's promise of burst + rate × T: a request that
 * reserved much and used little gives tokens back later, but while it ran, the bucket it "really"
 * was (having taken only what was used) may have been full and thrown refill away. Giving everything
 * back would then hold more than that bucket ever could. So besides the level, the bucket keeps
 * {@code floor}: the level it would have if every running request gave back all it may, and
 * {@code held}: how much that is. {@code floor - held} is never above the level of any bucket
 * consistent with what the running requests will turn out to use, so a refund never lifts the level
 * past it. While requests run the level still refills up to the burst, as before.
 */
final class TokenBucket {

    private double tokens;
    private double floor;
    private long held;
    private long at;

    TokenBucket(Bucket b, long now) {
        tokens = b.capacity();
        floor = b.capacity();
        at = now;
    }

    double tokens() {
        return tokens;
    }

    /** Adds what the bucket refilled since it was last seen; a clock behind it changes nothing. */
    void refill(Bucket b, long now) {
        if (now > at) {
            tokens = TokenBuckets.refilled(b, tokens, now - at);
            floor = TokenBuckets.refilled(b, floor, now - at);
            at = now;
        }
    }

    /** Takes {@code amount}; {@code refundable} of it may come back when the request settles. */
    void take(long amount, long refundable) {
        tokens -= amount;
        floor -= amount - refundable;
        held += refundable;
    }

    /** Settles a reservation of {@code reserved} (of which {@code refundable} could come back) that used {@code used}. */
    void settle(long reserved, long refundable, long used) {
        floor -= used - (reserved - refundable);
        held -= refundable;
        tokens = TokenBuckets.settled(tokens, reserved - used, floor - held);
    }
}
