package dev.gatehouse.dispatch;

import dev.gatehouse.config.Timeouts;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Map;

/**
 * Sends requests to providers over one pooled, non-blocking Vert.x HTTP client.
 *
 * <p>It enforces the connect and first-byte timeouts and aborts the upstream request when the
 * client goes away. The response comes back paused: the caller decides how to read it. Must be
 * called on a Vert.x event-loop context; everything completes on that context. The first-byte
 * timeout runs on the gateway's {@link #clock()}, as do its callers' body and stream timeouts; the
 * connect timeout is Netty's, inside the Vert.x client.
 */
public final class UpstreamClient {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UpstreamClient.class);

    /** Enough connections for a thousand concurrent streams to one provider. */
    private static final int MAX_CONNECTIONS_PER_HOST = 4096;

    private final GatewayClock clock;
    private final HttpClientAgent http;

    public UpstreamClient(Vertx vertx, GatewayClock clock) {
        this.clock = clock;
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setDecompressionSupported(true)
                .setMaxInitialLineLength(8192);
        // A pooled connection the provider resets while idle has no request to report to; without a
        // handler of its own Vert.x logs each such reset at ERROR. The next request simply reconnects.
        this.http = vertx.httpClientBuilder()
                .with(options)
                .with(new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_HOST))
                .withConnectHandler(connection ->
                        connection.exceptionHandler(e -> LOG.debug("upstream connection failed: {}", e.toString())))
                .build();
    }

    /** One request in flight: the request (to abort it) and its response (paused). */
    public record Call(HttpClientRequest request, HttpClientResponse response) {
        public void abort() {
            request.reset();
        }
    }

    public Future<Call> send(UpstreamRequest upstream, Timeouts timeouts, String provider, Exchange ex) {
        Promise<Call> promise = Promise.promise();
        RequestOptions options = new RequestOptions()
                .setMethod(upstream.method())
                .setAbsoluteURI(upstream.url())
                .setConnectTimeout(timeouts.connect().toMillis());
        http.request(options).onComplete(opened -> {
            if (opened.failed()) {
                promise.tryFail(UpstreamFailures.unreachable(provider, opened.cause()));
                return;
            }
            HttpClientRequest request = opened.result();
            if (ex.isCancelled()) {
                request.reset();
                promise.tryFail(UpstreamFailures.connectionLost(provider));
                return;
            }
            for (Map.Entry<String, String> h : upstream.headers().entrySet()) {
                request.putHeader(h.getKey(), h.getValue());
            }
            GatewayClock.Timer firstByteTimer = clock.schedule(timeouts.firstByte(), () -> {
                if (promise.tryFail(UpstreamFailures.timeout(provider, "before answering"))) {
                    request.reset();
                }
            });
            ex.onCancel(request::reset);
            request.send(upstream.body()).onComplete(sent -> {
                firstByteTimer.cancel();
                if (sent.failed()) {
                    promise.tryFail(UpstreamFailures.unreachable(provider, sent.cause()));
                    return;
                }
                HttpClientResponse response = sent.result();
                response.pause();
                if (!promise.tryComplete(new Call(request, response))) {
                    request.reset();
                }
            });
        });
        return promise.future();
    }

    /** The clock the calls' timers run on. */
    public GatewayClock clock() {
        return clock;
    }

    public Future<Void> close() {
        return http.close();
    }
}
