package dev.gatehouse.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How the HTTP front listens.
 *
 * @param host the address to listen on; loopback unless configured, so a gateway started without
 *     a config is not reachable from the network by accident
 * @param masterKey the admin/master client key, or {@code null} to take it from the environment
 *     (or the data directory's key file) at start
 * @param maxBodyBytes requests with a larger body get 413
 * @param streamIdleTimeout how long a stream may go without an upstream byte before it is closed
 *     with an error event
 * @param accessLog whether to write one JSON access-log line per request
 * @param metrics who may read {@code /metrics}
 * @param connections client connection timeouts and the cap on open connections
 * @param maxUploadBytes the largest multipart upload ({@code /v1/audio/transcriptions} and
 *     {@code /translations}); uploads are streamed to the provider, never held whole, so this limit
 *     is separate from {@code maxBodyBytes}, which bounds the JSON bodies the gateway reads whole
 * @param shutdown how a stop drains the requests under way ({@code server.shutdown})
 * @param ioTransport how sockets do their I/O ({@code server.io_transport}); read once at start
 */
public record ServerSettings(
        String host,
        int port,
        @Nullable String masterKey,
        long maxBodyBytes,
        Duration streamIdleTimeout,
        boolean accessLog,
        MetricsAccess metrics,
        ConnectionLimits connections,
        long maxUploadBytes,
        ShutdownSettings shutdown,
        IoTransport ioTransport) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofMinutes(2);
    /** OpenAI's own limit on an audio file. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 25L * 1024 * 1024;

    /** Settings with the default shutdown and I/O transport. */
    public ServerSettings(
            String host,
            int port,
            @Nullable String masterKey,
            long maxBodyBytes,
            Duration streamIdleTimeout,
            boolean accessLog,
            MetricsAccess metrics,
            ConnectionLimits connections,
            long maxUploadBytes) {
        this(
                host,
                port,
                masterKey,
                maxBodyBytes,
                streamIdleTimeout,
                accessLog,
                metrics,
                connections,
                maxUploadBytes,
                ShutdownSettings.defaults(),
                IoTransport.AUTO);
    }

    /** Settings with the default upload limit. */
    public ServerSettings(
            String host,
            int port,
            @Nullable String masterKey,
            long maxBodyBytes,
            Duration streamIdleTimeout,
            boolean accessLog,
            MetricsAccess metrics,
            ConnectionLimits connections) {
        this(
                host,
                port,
                masterKey,
                maxBodyBytes,
                streamIdleTimeout,
                accessLog,
                metrics,
                connections,
                DEFAULT_MAX_UPLOAD_BYTES);
    }

    public static ServerSettings defaults() {
        return new ServerSettings(
                DEFAULT_HOST,
                DEFAULT_PORT,
                null,
                DEFAULT_MAX_BODY_BYTES,
                DEFAULT_STREAM_IDLE_TIMEOUT,
                true,
                MetricsAccess.defaults(),
                ConnectionLimits.defaults());
    }

    public ServerSettings withHost(String newHost) {
        return new ServerSettings(
                newHost,
                port,
                masterKey,
                maxBodyBytes,
                streamIdleTimeout,
                accessLog,
                metrics,
                connections,
                maxUploadBytes,
                shutdown,
                ioTransport);
    }

    public ServerSettings withPort(int newPort) {
        return new ServerSettings(
                host,
                newPort,
                masterKey,
                maxBodyBytes,
                streamIdleTimeout,
                accessLog,
                metrics,
                connections,
                maxUploadBytes,
                shutdown,
                ioTransport);
    }

    public ServerSettings withMasterKey(String key) {
        return new ServerSettings(
                host,
                port,
                key,
                maxBodyBytes,
                streamIdleTimeout,
                accessLog,
                metrics,
                connections,
                maxUploadBytes,
                shutdown,
                ioTransport);
    }

    public ServerSettings withShutdown(ShutdownSettings newShutdown) {
        return new ServerSettings(
                host,
                port,
                masterKey,
                maxBodyBytes,
                streamIdleTimeout,
                accessLog,
                metrics,
                connections,
                maxUploadBytes,
                newShutdown,
                ioTransport);
    }

    public ServerSettings withIoTransport(IoTransport transport) {
        return new ServerSettings(
                host,
                port,
                masterKey,
                maxBodyBytes,
                streamIdleTimeout,
                accessLog,
                metrics,
                connections,
                maxUploadBytes,
                shutdown,
                transport);
    }

    /** Whether {@code /metrics} needs a key where this server listens. */
    public boolean metricsNeedKey() {
        return metrics.keyRequiredOn(host);
    }

    @Override
    public String toString() {
        return "ServerSettings[host=" + host + ", port=" + port + ", masterKey=" + (masterKey == null ? "unset" : "set")
                + ", maxBodyBytes=" + maxBodyBytes + ", streamIdleTimeout=" + streamIdleTimeout + ", accessLog="
                + accessLog
                + ", metrics=" + metrics + ", connections=" + connections + ", maxUploadBytes=" + maxUploadBytes
                + ", shutdown=" + shutdown + ", ioTransport=" + ioTransport + "]";
    }
}
