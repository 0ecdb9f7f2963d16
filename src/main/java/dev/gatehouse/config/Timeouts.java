package dev.gatehouse.config;

import java.time.Duration;

/**
 * Limits on one upstream call.
 *
 * @param connect establishing the connection
 * @param firstByte from sending the request to the response headers
 * @param idle longest silence between two reads of a response body (stream chunks included)
 * @param total the whole call, body included
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle, Duration total) {

    public static Timeouts defaults(Duration idle) {
        return new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(120), idle, Duration.ofMinutes(10));
    }
}
