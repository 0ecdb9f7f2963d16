package dev.gatehouse.ratelimit;

import dev.gatehouse.pipeline.Exchange;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's rate-limit headers from a decision. A request falls under several buckets (key, user,
 * team, global; tokens, input and output tokens), and OpenAI's headers have room for one limit of
 * requests and one of tokens, so each reports the bucket with the least left: the one a client
 * runs into first.
 */
final class RateLimitHeaders {

    private RateLimitHeaders() {}

    static void put(Exchange ex, Decision decision) {
        BucketState requests = tightest(decision.states(), false);
        if (requests != null) {
            put(
                    ex,
                    requests,
                    "x-ratelimit-limit-requests",
                    "x-ratelimit-remaining-requests",
                    "x-ratelimit-reset-requests");
        }
        BucketState tokens = tightest(decision.states(), true);
        if (tokens != null) {
            put(ex, tokens, "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens");
        }
    }

    private static void put(Exchange ex, BucketState s, String limit, String remaining, String reset) {
        ex.replyHeader(limit, Long.toString(s.bucket().limit()));
        ex.replyHeader(remaining, Long.toString(s.remaining()));
        ex.replyHeader(reset, format(s.reset()));
    }

    /**
     * The state with the least left among the request buckets, or among the token buckets (total,
     * input, output). A loop, not a stream: it runs on the event loop for every limited request.
     */
    private static @Nullable BucketState tightest(List<BucketState> states, boolean tokens) {
        BucketState tightest = null;
        for (BucketState s : states) {
            Meter meter = s.bucket().meter();
            boolean counts = tokens
                    ? meter == Meter.TOKENS || meter == Meter.INPUT_TOKENS || meter == Meter.OUTPUT_TOKENS
                    : meter == Meter.REQUESTS;
            if (counts && (tightest == null || s.remaining() < tightest.remaining())) {
                tightest = s;
            }
        }
        return tightest;
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
