package dev.gatehouse.config;

import java.time.Duration;

/**
 * Limits on one upstream call.
 *
 * @param connect establishing the connection
 * @param firstByte from sending the request to the response headers
 * @param idle longest silence between two reads of a response body (stream chunks included)
 * @param total the whole call, body included
 * @param keepAlive how long a pooled connection to the provider may sit idle and still be reused;
 *     kept below the keep-alive of common servers (Node's 5 s), so the gateway stops reusing a
 *     connection before the provider closes it
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle, Duration total, Duration keepAlive) {

    /** Below Node's default {@code keepAliveTimeout} of 5 s, the shortest keep-alive of common servers. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(4);

    /** Limits with the default keep-alive. */
    public Timeouts(Duration connect, Duration firstByte, Duration idle, Duration total) {
        this(connect, firstByte, idle, total, DEFAULT_KEEP_ALIVE);
    }

    public static Timeouts defaults(Duration idle) {
        return new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(120), idle, Duration.ofMinutes(10));
    }
}
