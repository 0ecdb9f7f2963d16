package dev.gatehouse.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How the HTTP front listens.
 *
 * @param masterKey the admin/master client key, or {@code null} to take it from the environment
 *     (or generate one) at start
 * @param maxBodyBytes requests with a larger body get 413
 * @param streamIdleTimeout how long a stream may go without an upstream byte before it is closed
 *     with an error event
 * @param accessLog whether to write one JSON access-log line per request
 */
public record ServerSettings(
        String host, int port, @Nullable String masterKey, long maxBodyBytes, Duration streamIdleTimeout, boolean accessLog) {

    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofMinutes(2);

    public static ServerSettings defaults() {
        return new ServerSettings("0.0.0.0", DEFAULT_PORT, null, DEFAULT_MAX_BODY_BYTES, DEFAULT_STREAM_IDLE_TIMEOUT, true);
    }

    public ServerSettings withPort(int newPort) {
        return new ServerSettings(host, newPort, masterKey, maxBodyBytes, streamIdleTimeout, accessLog);
    }

    public ServerSettings withMasterKey(String key) {
        return new ServerSettings(host, port, key, maxBodyBytes, streamIdleTimeout, accessLog);
    }
}
