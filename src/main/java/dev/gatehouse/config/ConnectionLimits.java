package dev.gatehouse.config;

import java.time.Duration;

/**
 * How long a client connection may hold the gateway's attention without sending what it owes, and
 * how many may be open at once. None of them limits how long an answer takes: while a request is
 * being answered (a slow provider, a long stream) no client timeout runs; the provider timeouts do.
 *
 * @param headerTimeout from a new connection to the end of its first request head
 * @param bodyTimeout from a request's head to the end of its body
 * @param idleTimeout from the end of an answer to the end of the next request head on the same
 *     (keep-alive) connection
 * @param maxConnections client connections open at once in this process; more are closed as they
 *     arrive
 */
public record ConnectionLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections) {

    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    public static ConnectionLimits defaults() {
        return new ConnectionLimits(
                DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
    }

    /** The shortest of the three timeouts, which sets how often connections are checked. */
    public Duration shortest() {
        Duration min = headerTimeout.compareTo(bodyTimeout) < 0 ? headerTimeout : bodyTimeout;
        return min.compareTo(idleTimeout) < 0 ? min : idleTimeout;
    }
}
