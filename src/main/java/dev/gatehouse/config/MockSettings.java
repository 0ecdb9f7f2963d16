package dev.gatehouse.config;

import java.time.Duration;

/**
 * Behaviour of the built-in mock provider.
 *
 * @param latency delay before the response starts
 * @param chunkInterval delay between two streamed chunks
 * @param replyWords words in a reply when the request sets no token limit
 * @param errorRate share of requests (0 to 1) answered with {@code errorStatus} instead
 * @param errorStatus the HTTP status of injected failures
 */
public record MockSettings(
        Duration latency, Duration chunkInterval, int replyWords, double errorRate, int errorStatus) {

    public static MockSettings defaults() {
        return new MockSettings(Duration.ZERO, Duration.ofMillis(20), 24, 0.0, 500);
    }
}
