package dev.gatehouse.server;

import dev.gatehouse.config.ConnectionLimits;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client connections of one HTTP front: the cap on how many are open, the client timeouts, and
 * what each connection reported as a transport failure. Every method runs on the front's event
 * loop, so it needs no locking.
 *
 * <p>Timeouts are enforced by one sweep per front rather than a timer per connection: whether an
 * answer has ended is read from the response ({@code ended()}), since its end handler belongs to
 * vert.x-web. A sweep runs four times per shortest timeout (10 ms to 1 s apart), so a timeout fires
 * up to a quarter late. No timeout runs while a request is being answered: a slow provider or a long
 * stream is bounded by the provider timeouts, never cut here.
 *
 * <p>These timeouts read the real monotonic clock and Vert.x timers, not the gateway clock: they
 * bound how long a network peer may stall, and a test that moves the gateway clock by minutes to
 * drive limits or budgets must not cut its own idle connections.
 *
 * <p>A failure to decode a request body reaches the connection first and the request's handlers
 * after (vert.x-web's router, which would log it at ERROR and answer 200): remembering what the
 * connection reported lets the router's failure handler tell such a failure from a handler's.
 */
final class ClientConnections {

    private static final Logger LOG = LoggerFactory.getLogger(ClientConnections.class);
    private static final long MIN_SWEEP_MILLIS = 10;
    private static final long MAX_SWEEP_MILLIS = 1000;

    /** What a connection is waiting for, as far as the timeouts care. */
    private enum Phase {
        /** A new connection, until its first request head is complete: the header timeout. */
        FIRST_HEAD,
        /** A request head arrived, until its body is complete: the body timeout. */
        BODY,
        /** The request is being answered: no timeout. */
        ANSWERING,
        /** The answer ended, until the next request head is complete: the idle timeout. */
        IDLE
    }

    private static final class Tracked {
        Phase phase = Phase.FIRST_HEAD;
        long since;

        @Nullable
        HttpServerRequest request;

        @Nullable
        Throwable transportFailure;

        Tracked(long now) {
            since = now;
        }

        void enter(Phase next, long now) {
            phase = next;
            since = now;
        }
    }

    private final Vertx vertx;
    private final Supplier<ConnectionLimits> limits;
    private final ConnectionCounts counts;
    private final Map<HttpConnection, Tracked> open = new IdentityHashMap<>();
    private long sweepTimer = -1;
    private boolean stopped;

    /** @param limits the limits now in force (read at every connection and sweep, so a reload applies) */
    ClientConnections(Vertx vertx, Supplier<ConnectionLimits> limits, ConnectionCounts counts) {
        this.vertx = vertx;
        this.limits = limits;
        this.counts = counts;
    }

    /** Starts the sweeps; call from the front's event loop. */
    void start() {
        scheduleSweep();
    }

    void stop() {
        stopped = true;
        vertx.cancelTimer(sweepTimer);
    }

    /** The server's connection handler. */
    void opened(HttpConnection connection) {
        if (!counts.admit(limits.get().maxConnections())) {
            LOG.debug(
                    "refused a client connection: {} are open, the limit of server.max_connections", counts.open.get());
            connection.close();
            return;
        }
        WritesBeforeClose.install(connection);
        Tracked tracked = new Tracked(System.nanoTime());
        open.put(connection, tracked);
        connection.exceptionHandler(failure -> {
            // A client resetting its connection, or bytes that are not HTTP: not a fault of the gateway.
            LOG.debug("client connection failed: {}", String.valueOf(failure));
            tracked.transportFailure = failure;
        });
        connection.closeHandler(closed -> {
            if (open.remove(connection) != null) {
                counts.closed();
            }
        });
    }

    /**
     * Closes every open connection, whatever it is doing: the end of a shutdown's drain.
     *
     * @return how many connections were still open
     */
    int closeAll() {
        List<HttpConnection> all = new ArrayList<>(open.keySet());
        all.forEach(HttpConnection::close);
        return all.size();
    }

    /** Called with every request whose head was read, before it is routed. */
    void requestArrived(HttpServerRequest request) {
        Tracked tracked = open.get(request.connection());
        if (tracked != null) {
            tracked.request = request;
            tracked.enter(request.isEnded() ? Phase.ANSWERING : Phase.BODY, System.nanoTime());
        }
    }

    /** Whether {@code failure} is what the request's connection reported, rather than a handler's own failure. */
    boolean failedInTransport(HttpServerRequest request, Throwable failure) {
        Tracked tracked = open.get(request.connection());
        return failure != null && tracked != null && tracked.transportFailure == failure;
    }

    private void scheduleSweep() {
        if (stopped) {
            return;
        }
        long every = Math.max(
                MIN_SWEEP_MILLIS,
                Math.min(MAX_SWEEP_MILLIS, limits.get().shortest().toMillis() / 4));
        sweepTimer = vertx.setTimer(every, id -> {
            sweep();
            scheduleSweep();
        });
    }

    private void sweep() {
        ConnectionLimits now = limits.get();
        long nanos = System.nanoTime();
        List<HttpConnection> expired = new ArrayList<>();
        for (Map.Entry<HttpConnection, Tracked> entry : open.entrySet()) {
            Tracked t = entry.getValue();
            if (t.phase == Phase.BODY && t.request != null && t.request.isEnded()) {
                t.enter(Phase.ANSWERING, nanos);
            }
            if (t.phase == Phase.ANSWERING
                    && t.request != null
                    && t.request.response().ended()) {
                t.enter(Phase.IDLE, nanos);
            }
            Duration limit = switch (t.phase) {
                case FIRST_HEAD -> now.headerTimeout();
                case BODY -> now.bodyTimeout();
                case IDLE -> now.idleTimeout();
                case ANSWERING -> null;
            };
            if (limit != null && nanos - t.since > limit.toNanos()) {
                expired.add(entry.getKey());
            }
        }
        for (HttpConnection connection : expired) {
            Tracked t = open.get(connection);
            if (t == null) {
                continue;
            }
            counts.timedOut.incrementAndGet();
            LOG.debug("closing a client connection: {} timeout", t.phase);
            if (t.phase == Phase.BODY
                    && t.request != null
                    && !t.request.response().headWritten()) {
                HttpLayerErrors.answerAndClose(
                        t.request,
                        new GatewayError(
                                ErrorKind.INVALID_REQUEST,
                                408,
                                ErrorKind.INVALID_REQUEST.openAiType(),
                                "The request body did not arrive within "
                                        + now.bodyTimeout().toMillis() + " ms.",
                                null,
                                "request_timeout"));
            }
            connection.close();
        }
    }
}
