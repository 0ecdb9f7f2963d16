package dev.gatehouse.ratelimit;

import java.util.List;

/**
 * What one request asks of every bucket it falls under, and after admission the ticket to settle
 * or release it with.
 *
 * @param id unique per request (names its parallel slot)
 * @param buckets every bucket of every scope, in the order refusals are reported (key first)
 * @param inputTokens estimated input tokens
 * @param outputTokens reserved output tokens ({@code max_tokens} or the configured default)
 */
public record Reservation(String id, List<Bucket> buckets, long inputTokens, long outputTokens) {

    public Reservation {
        buckets = List.copyOf(buckets);
    }

    long amount(Bucket bucket) {
        return bucket.meter().amount(inputTokens, outputTokens);
    }

    /** What of this reservation's amount in a per-minute {@code bucket} settling may give back: tokens, never the request. */
    long refundable(Bucket bucket) {
        return bucket.meter().refundedOnRelease() && bucket.meter() != Meter.PARALLEL ? amount(bucket) : 0;
    }
}
