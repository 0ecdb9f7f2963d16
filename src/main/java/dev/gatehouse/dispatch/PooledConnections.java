package dev.gatehouse.dispatch;

import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Hands out connections to providers from the Vert.x pool, never one that sat idle longer than the
 * provider's {@code keep_alive}, and fresh un-pooled ones for a resend.
 *
 * <p>Why its own idle bookkeeping: a server that closes idle connections after 5 s (Node's default)
 * races the gateway for the connection at 5 s, and a request sent into that race fails before any
 * answer. Vert.x's own keep-alive cannot avoid it: it takes the server's {@code Keep-Alive:
 * timeout=5} over the configured value, so it keeps the connection exactly as long as the server
 * does, and drops expired connections only on a periodic sweep. So each connection's idle time is
 * measured here, on the gateway's clock, and a connection idle for {@code keep_alive} or longer is
 * closed instead of used. Thread-safe.
 */
final class PooledConnections {

    /**
     * One request opened on a connection, whether that connection had answered before, and what to
     * call with the request's response so the connection serves again once it has been read.
     */
    record Opened(HttpClientRequest request, boolean reused, Consumer<HttpClientResponse> whenRead) {}

    private final HttpClientAgent http;
    private final GatewayClock clock;
    /** When each pooled connection finished its last response; absent while busy or before its first. */
    private final Map<HttpConnection, Long> idleSince = new ConcurrentHashMap<>();

    PooledConnections(HttpClientAgent http, GatewayClock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** To be called for every new connection of the pool. */
    void track(HttpConnection connection) {
        connection.closeHandler(v -> idleSince.remove(connection));
    }

    /** A request on a pooled connection that has not been idle for {@code keepAlive}. */
    Future<Opened> open(RequestOptions options, Duration keepAlive) {
        return http.request(options).compose(request -> {
            HttpConnection connection = request.connection();
            Long since = idleSince.remove(connection);
            if (since == null) {
                return Future.succeededFuture(new Opened(request, false, response -> whenRead(request, response)));
            }
            if (clock.nanoTime() - since < keepAlive.toNanos()) {
                return Future.succeededFuture(new Opened(request, true, response -> whenRead(request, response)));
            }
            // Closing the connection fails the request opened on it, which nobody is waiting for.
            request.exceptionHandler(e -> {});
            return connection.close().transform(closed -> open(options, keepAlive));
        });
    }

    /** Marks the request's pooled connection idle from when its response has been read to the end. */
    private void whenRead(HttpClientRequest request, HttpClientResponse response) {
        HttpConnection connection = request.connection();
        response.end().onSuccess(v -> idleSince.put(connection, clock.nanoTime()));
    }

    /**
     * A request on a new connection outside the pool, closed once its response ended or failed: for
     * a resend, which must not meet another stale connection of the pool.
     */
    Future<HttpClientRequest> fresh(RequestOptions options) {
        return http.connect(new HttpConnectOptions(options))
                .compose(connection -> connection
                        .request(new RequestOptions(options))
                        .onSuccess(request -> request.response().onComplete(answered -> {
                            if (answered.failed()) {
                                connection.close();
                            } else {
                                answered.result().end().onComplete(ended -> connection.close());
                            }
                        }))
                        .onFailure(e -> connection.close()));
    }

    /**
     * Whether a request failed because its connection was closed or reset under it, before the
     * response head arrived: on a reused connection, the provider closing it while idle.
     */
    static boolean closedUnder(Throwable cause) {
        return cause instanceof HttpClosedException
                || cause instanceof ClosedChannelException
                || cause instanceof IOException;
    }
}
