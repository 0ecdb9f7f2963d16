package dev.gatehouse.server;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client connections of one HTTP front, as the HTTP layer reports them. All its methods run on
 * the front's event loop, so it needs no locking.
 *
 * <p>A failure to decode a request body reaches the connection first and the request's handlers
 * after (vert.x-web's router, which would log it at ERROR and answer 200): remembering what the
 * connection reported lets the router's failure handler tell such a failure from a handler's.
 */
final class ClientConnections {

    private static final Logger LOG = LoggerFactory.getLogger(ClientConnections.class);

    /** The last transport failure each open connection reported. */
    private final Map<HttpConnection, Throwable> transportFailures = new IdentityHashMap<>();

    /** The server's connection handler. */
    void opened(HttpConnection connection) {
        connection.exceptionHandler(failure -> {
            // A client resetting its connection, or bytes that are not HTTP: not a fault of the gateway.
            LOG.debug("client connection failed: {}", String.valueOf(failure));
            transportFailures.put(connection, failure);
        });
        connection.closeHandler(closed -> transportFailures.remove(connection));
    }

    /** Whether {@code failure} is what the request's connection reported, rather than a handler's own failure. */
    boolean failedInTransport(HttpServerRequest request, Throwable failure) {
        return failure != null && transportFailures.get(request.connection()) == failure;
    }
}
