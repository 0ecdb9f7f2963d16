package dev.gatehouse.ratelimit;

import dev.gatehouse.pipeline.Exchange;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI's rate-limit headers from a decision. A request falls under several buckets (key, user,
 * team, global; tokens, input and output tokens), and OpenAI's headers have room for one limit of
 * requests and one of tokens, so each reports the bucket with the least left: the one a client
 * runs into first.
 */
final class RateLimitHeaders {

    private RateLimitHeaders() {}

    static void put(Exchange ex, Decision decision) {
        tightest(decision.states(), List.of(Meter.REQUESTS)).ifPresent(s -> {
            ex.replyHeader(
                    "x-ratelimit-limit-requests", Long.toString(s.bucket().limit()));
            ex.replyHeader("x-ratelimit-remaining-requests", Long.toString(s.remaining()));
            ex.replyHeader("x-ratelimit-reset-requests", format(s.reset()));
        });
        tightest(decision.states(), List.of(Meter.TOKENS, Meter.INPUT_TOKENS, Meter.OUTPUT_TOKENS))
                .ifPresent(s -> {
                    ex.replyHeader(
                            "x-ratelimit-limit-tokens", Long.toString(s.bucket().limit()));
                    ex.replyHeader("x-ratelimit-remaining-tokens", Long.toString(s.remaining()));
                    ex.replyHeader("x-ratelimit-reset-tokens", format(s.reset()));
                });
    }

    private static Optional<BucketState> tightest(List<BucketState> states, List<Meter> meters) {
        return states.stream()
                .filter(s -> meters.contains(s.bucket().meter()))
                .min(Comparator.comparingLong(BucketState::remaining));
    }

    /** OpenAI's duration format: {@code 20ms}, {@code 1s}, {@code 6m0s}. */
    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = (millis + 999) / 1000;
        return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + seconds % 60 + "s";
    }
}
