package dev.gatehouse.dispatch;

import dev.gatehouse.api.UploadBody;
import dev.gatehouse.config.Timeouts;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.time.GatewayClock;
import dev.gatehouse.tracing.AttemptSpan;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Sends requests to providers over one pooled, non-blocking Vert.x HTTP client.
 *
 * <p>It enforces the connect and first-byte timeouts and aborts the upstream request when the
 * client goes away. The response comes back paused: the caller decides how to read it. Must be
 * called on a Vert.x event-loop context; everything completes on that context. The first-byte
 * timeout runs on the gateway's {@link #clock()}, as do its callers' body and stream timeouts; the
 * connect timeout is Netty's, inside the Vert.x client.
 *
 * <p>Requests from the event loop that sent the first one take that loop's own idle connections
 * ({@link LoopConnections}); requests from any other thread go through the Vert.x pool. Pooled
 * connections are not reused after the provider's {@code keep_alive} of idleness (see
 * {@link PooledConnections}). A request whose reused connection is closed or reset before the
 * response head arrives is sent once more, at once, on a fresh connection: the provider closed an
 * idle connection as the request went out, which says nothing about the deployment, so the caller
 * sees neither a failure nor a used retry.
 */
public final class UpstreamClient {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UpstreamClient.class);

    /** Enough connections for a thousand concurrent streams to one provider. */
    private static final int MAX_CONNECTIONS_PER_HOST = 4096;

    private final GatewayClock clock;
    private final HttpClientAgent http;
    private final PooledConnections connections;
    private final LoopConnections loopConnections;
    private final UpstreamTargets targets = new UpstreamTargets();
    /** The event loop {@link #loopConnections} belong to: the first one that sent a request. */
    private final AtomicReference<@Nullable Thread> loop = new AtomicReference<>();

    public UpstreamClient(Vertx vertx, GatewayClock clock) {
        this.clock = clock;
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setDecompressionSupported(true)
                .setMaxInitialLineLength(8192);
        Holder holder = new Holder();
        // A pooled connection the provider resets while idle has no request to report to; without a
        // handler of its own Vert.x logs each such reset at ERROR. The next request simply reconnects.
        this.http = vertx.httpClientBuilder()
                .with(options)
                .with(new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_HOST))
                .withConnectHandler(connection -> {
                    connection.exceptionHandler(e -> LOG.debug("upstream connection failed: {}", e.toString()));
                    holder.connections().track(connection);
                })
                .build();
        this.connections = new PooledConnections(http, clock);
        this.loopConnections = new LoopConnections(http, clock, MAX_CONNECTIONS_PER_HOST);
        holder.set(connections);
    }

    /** The connect handler is built before the bookkeeping it reports to, which needs the client. */
    private static final class Holder {
        private @Nullable PooledConnections connections;

        void set(PooledConnections value) {
            connections = value;
        }

        PooledConnections connections() {
            return Objects.requireNonNull(connections, "set right after the client is built, before any connection");
        }
    }

    /** One request in flight: the request (to abort it) and its response (paused). */
    public record Call(HttpClientRequest request, HttpClientResponse response) {
        public void abort() {
            request.reset();
        }
    }

    public Future<Call> send(UpstreamRequest upstream, Timeouts timeouts, String provider, Exchange ex) {
        Promise<Call> promise = Promise.promise();
        RequestOptions options = targets.options(upstream.url())
                .setMethod(upstream.method())
                .setConnectTimeout(timeouts.connect().toMillis());
        open(options, timeouts.keepAlive()).onComplete(opened -> {
            if (opened.failed()) {
                promise.tryFail(UpstreamFailures.unreachable(provider, opened.cause()));
                return;
            }
            HttpClientRequest request = opened.result().request();
            if (ex.isCancelled()) {
                request.reset();
                promise.tryFail(UpstreamFailures.connectionLost(provider));
                return;
            }
            HttpClientRequest[] current = {request};
            // An upload's answer can only start once the whole file went up, which may take longer than
            // a first byte should; the request's total timeout bounds it instead.
            Duration firstByte = upstream.upload() == null ? timeouts.firstByte() : timeouts.total();
            GatewayClock.Timer firstByteTimer = clock.schedule(firstByte, () -> {
                if (promise.tryFail(UpstreamFailures.timeout(provider, "before answering"))) {
                    current[0].reset();
                }
            });
            ex.onCancel(() -> current[0].reset());
            transmit(request, upstream, ex).onComplete(sent -> {
                if (sent.succeeded()) {
                    opened.result().whenRead().accept(sent.result());
                    deliver(promise, firstByteTimer, request, sent.result());
                    return;
                }
                if (!opened.result().reused()
                        || upstream.upload() != null
                        || !PooledConnections.closedUnder(sent.cause())
                        || ex.isCancelled()
                        || promise.future().isComplete()) {
                    firstByteTimer.cancel();
                    promise.tryFail(UpstreamFailures.unreachable(provider, sent.cause()));
                    return;
                }
                LOG.debug("{} closed an idle pooled connection as a request went out; resending it", provider);
                connections.fresh(options).onComplete(again -> {
                    if (again.failed()) {
                        firstByteTimer.cancel();
                        promise.tryFail(UpstreamFailures.unreachable(provider, again.cause()));
                        return;
                    }
                    current[0] = again.result();
                    if (ex.isCancelled() || promise.future().isComplete()) {
                        again.result().reset();
                        return;
                    }
                    transmit(again.result(), upstream, ex).onComplete(resent -> {
                        if (resent.succeeded()) {
                            deliver(promise, firstByteTimer, again.result(), resent.result());
                        } else {
                            firstByteTimer.cancel();
                            promise.tryFail(UpstreamFailures.unreachable(provider, resent.cause()));
                        }
                    });
                });
            });
        });
        return promise.future();
    }

    /**
     * A request on this client's own event loop goes through that loop's connections; one from any
     * other thread (a worker, or a second loop sharing the client) through the Vert.x pool.
     */
    private Future<PooledConnections.Opened> open(RequestOptions options, Duration keepAlive) {
        Thread current = Thread.currentThread();
        Thread owner = loop.get();
        if (owner == null && Context.isOnEventLoopThread()) {
            loop.compareAndSet(null, current);
            owner = loop.get();
        }
        if (current == owner) {
            return loopConnections.open(options, keepAlive);
        }
        return connections.open(options, keepAlive);
    }

    private static Future<HttpClientResponse> transmit(
            HttpClientRequest request, UpstreamRequest upstream, Exchange ex) {
        for (Map.Entry<String, String> h : upstream.headers().entrySet()) {
            request.putHeader(h.getKey(), h.getValue());
        }
        AttemptSpan span = ex.find(AttemptSpan.KEY);
        if (span != null) {
            span.inject(request::putHeader);
        }
        UploadBody.Outgoing upload = upstream.upload();
        if (upload == null) {
            return request.send(upstream.body());
        }
        // The client's file goes on as it arrives: the pipe pauses the client's request whenever the
        // provider's connection is full, so at most a write queue of it is in memory.
        if (upload.length() >= 0) {
            request.putHeader("content-length", Long.toString(upload.length()));
        } else {
            request.setChunked(true);
        }
        request.write(upload.head());
        ReadStream<Buffer> rest = upload.rest();
        if (rest == null) {
            request.end();
        } else {
            rest.pipeTo(request).onFailure(e -> request.reset(0, e));
        }
        return request.response();
    }

    private static void deliver(
            Promise<Call> promise,
            GatewayClock.Timer firstByteTimer,
            HttpClientRequest request,
            HttpClientResponse response) {
        firstByteTimer.cancel();
        response.pause();
        if (!promise.tryComplete(new Call(request, response))) {
            request.reset();
        }
    }

    /** The clock the calls' timers run on. */
    public GatewayClock clock() {
        return clock;
    }

    public Future<Void> close() {
        return http.close();
    }
}
