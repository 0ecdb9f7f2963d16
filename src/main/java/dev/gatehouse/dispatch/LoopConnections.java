package dev.gatehouse.dispatch;

import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * One event loop's keep-alive connections to providers, per origin: a request takes the connection
 * that went idle last and opens its request on it directly.
 *
 * <p>Why not the Vert.x pool: its lookup (endpoint resolution, a shared pool behind a concurrent
 * map, a waiter queue) cost about a tenth of the event loop's time per proxied request, for
 * connections that only this loop uses anyway. Here a hit is a map lookup and a deque pop.
 *
 * <p>It keeps the pool's rules: at most {@code maxPerOrigin} connections per origin (beyond that a
 * request waits for one to come free, at most its connect timeout), never a connection idle for
 * {@code keep_alive} or longer (closed instead, for the race described in {@link PooledConnections}),
 * and never one whose last answer said {@code Connection: close}. HTTP/1.1 only, which is all the
 * upstream client speaks. Confined to its event loop: every method runs on that loop's thread.
 */
final class LoopConnections {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LoopConnections.class);

    /** Where connections go: a connection serves one origin only. */
    private record Origin(String host, int port, boolean ssl) {}

    /** A connection with no request on it since {@code since} (a {@link GatewayClock#nanoTime} reading). */
    private record Idle(HttpClientConnection connection, long since) {}

    /** A connection for a request, and whether it answered a request before. */
    private record Ready(HttpClientConnection connection, boolean reused) {}

    /** A request waiting for a connection of a full origin. */
    private record Waiter(Promise<Ready> promise, GatewayClock.Timer timeout) {}

    /** An origin's connections: idle ones, most recently used first, and how many are open. */
    private static final class Slots {
        final ArrayDeque<Idle> idle = new ArrayDeque<>();
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
        int open;
        /** The latest request's connect timeout, for connections opened for a waiter. */
        long connectTimeoutMillis;
        /** The latest request's {@code keep_alive}, for the sweep. */
        long keepAliveNanos = Long.MAX_VALUE;
    }

    private final HttpClientAgent http;
    private final GatewayClock clock;
    private final int maxPerOrigin;
    private final Map<Origin, Slots> origins = new HashMap<>();
    /** Whether a sweep is due: one timer for the whole loop, set while any connection is idle. */
    private boolean sweepSet;

    LoopConnections(HttpClientAgent http, GatewayClock clock, int maxPerOrigin) {
        this.http = http;
        this.clock = clock;
        this.maxPerOrigin = maxPerOrigin;
    }

    /** A request on an idle connection that has not sat for {@code keepAlive}, else on a new one. */
    Future<PooledConnections.Opened> open(RequestOptions options, Duration keepAlive) {
        Origin origin = originOf(options);
        Slots slots = origins.computeIfAbsent(origin, o -> new Slots());
        slots.connectTimeoutMillis = options.getConnectTimeout();
        slots.keepAliveNanos = keepAlive.toNanos();
        long now = clock.nanoTime();
        Idle idle;
        while ((idle = slots.idle.pollFirst()) != null) {
            if (now - idle.since() < keepAlive.toNanos()) {
                return requestOn(idle.connection(), options, origin, true);
            }
            idle.connection().close();
        }
        return connection(origin, slots, options)
                .compose(ready -> requestOn(ready.connection(), options, origin, ready.reused()));
    }

    /** How many connections to {@code host:port} are open, idle or busy (for tests). */
    int openTo(String host, int port, boolean ssl) {
        Slots slots = origins.get(new Origin(host, port, ssl));
        return slots == null ? 0 : slots.open;
    }

    private Future<Ready> connection(Origin origin, Slots slots, RequestOptions options) {
        if (slots.open < maxPerOrigin) {
            return connect(origin, slots);
        }
        Promise<Ready> promise = Promise.promise();
        Duration wait = Duration.ofMillis(Math.max(1, options.getConnectTimeout()));
        GatewayClock.Timer timeout = clock.schedule(wait, () -> {
            slots.waiters.removeIf(w -> w.promise() == promise);
            promise.tryFail(new TimeoutException(
                    "no connection to " + origin.host() + ":" + origin.port() + " came free within " + wait));
        });
        slots.waiters.addLast(new Waiter(promise, timeout));
        return promise.future();
    }

    private Future<Ready> connect(Origin origin, Slots slots) {
        slots.open++;
        HttpConnectOptions options = new HttpConnectOptions()
                .setHost(origin.host())
                .setPort(origin.port())
                .setSsl(origin.ssl())
                .setConnectTimeout(slots.connectTimeoutMillis);
        return http.connect(options)
                .onFailure(e -> closed(origin, slots))
                .onSuccess(connection -> {
                    // As for the pool's connections: a reset while idle has no request to report to.
                    connection.exceptionHandler(e -> LOG.debug("upstream connection failed: {}", e.toString()));
                    connection.closeHandler(v -> {
                        slots.idle.removeIf(i -> i.connection() == connection);
                        closed(origin, slots);
                    });
                })
                .map(connection -> new Ready(connection, false));
    }

    /** A connection of the origin went away: a request waiting for room gets a new one. */
    private void closed(Origin origin, Slots slots) {
        slots.open--;
        Waiter waiter = slots.waiters.pollFirst();
        if (waiter != null) {
            waiter.timeout().cancel();
            connect(origin, slots).onComplete(waiter.promise());
        }
    }

    private Future<PooledConnections.Opened> requestOn(
            HttpClientConnection connection, RequestOptions options, Origin origin, boolean reused) {
        return connection
                .request(options)
                .map(request -> new PooledConnections.Opened(request, reused, response -> {
                    whenRead(connection, origin, response);
                }));
    }

    /** Once the answer has been read to its end, the connection serves the next request. */
    private void whenRead(HttpClientConnection connection, Origin origin, HttpClientResponse response) {
        response.end().onComplete(ended -> {
            if (ended.failed() || !keptAlive(response)) {
                connection.close();
                return;
            }
            Slots slots = origins.get(origin);
            if (slots == null) {
                connection.close();
                return;
            }
            Waiter waiter = slots.waiters.pollFirst();
            if (waiter != null) {
                waiter.timeout().cancel();
                waiter.promise().tryComplete(new Ready(connection, true));
            } else {
                slots.idle.addFirst(new Idle(connection, clock.nanoTime()));
                sweepAfter(slots.keepAliveNanos);
            }
        });
    }

    private void sweepAfter(long nanos) {
        if (!sweepSet) {
            sweepSet = true;
            clock.schedule(Duration.ofNanos(nanos), this::sweep);
        }
    }

    /**
     * Closes the connections idle for their origin's {@code keep_alive}: without it, a provider that
     * never closes idle connections would keep every connection of a burst open until traffic to it
     * came back (the Vert.x pool swept its own; this keeps that promise with one timer per loop).
     */
    private void sweep() {
        sweepSet = false;
        long now = clock.nanoTime();
        long next = Long.MAX_VALUE;
        for (Slots slots : origins.values()) {
            Idle oldest;
            while ((oldest = slots.idle.peekLast()) != null && now - oldest.since() >= slots.keepAliveNanos) {
                slots.idle.pollLast();
                oldest.connection().close();
            }
            if (oldest != null) {
                next = Math.min(next, oldest.since() + slots.keepAliveNanos - now);
            }
        }
        if (next != Long.MAX_VALUE) {
            sweepAfter(next);
        }
    }

    /** Whether the server means to keep the connection open after this answer (RFC 9112 §9.3). */
    private static boolean keptAlive(HttpClientResponse response) {
        String connection = response.getHeader("connection");
        if (response.version() == HttpVersion.HTTP_1_0) {
            return connection != null && connection.equalsIgnoreCase("keep-alive");
        }
        return connection == null || !connection.toLowerCase(Locale.ROOT).contains("close");
    }

    private static Origin originOf(HttpConnectOptions options) {
        Integer port = options.getPort();
        Boolean ssl = options.isSsl();
        boolean secure = ssl != null && ssl;
        return new Origin(
                Objects.requireNonNullElse(options.getHost(), "localhost"),
                port == null ? (secure ? 443 : 80) : port,
                secure);
    }
}
