package dev.gatehouse.metering;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Pipeline stage, response side only: records every request exactly once, whatever its outcome (an
 * answer, a rejection by any stage, an error, a stream that ends or breaks, a client that goes
 * away), then tells the {@link RequestListener}s. It is the outermost stage, so it sees the reply
 * or error every other stage produced.
 *
 * <p>The record is staged before the reply leaves the pipeline (a JSON answer or an error) or
 * before a stream's last event reaches the client, so a client that saw a complete response can
 * count on its record. A client that goes away first is recorded with nginx's 499; one that goes
 * away after its record was staged but before the answer was fully written (a slow reader of a
 * large answer, a timeout in the last moment) gets a correction of that record to 499.
 */
public final class Meter implements Interceptor {

    private static final Exchange.Key<Boolean> RECORDED = Exchange.Key.of("usage-recorded");
    private static final Exchange.Key<Boolean> STREAMING = Exchange.Key.of("usage-streaming");

    private final UsageRecorder recorder;
    private final List<RequestListener> listeners;
    private final GatewayClock clock;
    private final InFlight inFlight;

    public Meter(UsageRecorder recorder, List<RequestListener> listeners, GatewayClock clock) {
        this(recorder, listeners, clock, new InFlight());
    }

    /** @param inFlight counts the requests and streams under way, for metrics */
    public Meter(UsageRecorder recorder, List<RequestListener> listeners, GatewayClock clock, InFlight inFlight) {
        this.recorder = recorder;
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
        this.inFlight = inFlight;
    }

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        inFlight.requestStarted();
        ex.onCancel(() -> {
            if (ex.has(RECORDED)) {
                recorder.clientGone(ex);
            } else {
                record(ex, UsageRecorder.CLIENT_GONE, UsageRecorder.CLIENT_CLOSED);
            }
        });
        return chain.proceed(ex).transform(done -> {
            if (done.failed()) {
                // The pipeline hands every stage GatewayErrors only.
                GatewayError error = (GatewayError) done.cause();
                return record(ex, error.status(), errorType(error)).transform(recorded -> Future.failedFuture(error));
            }
            if (done.result() instanceof Reply.Unary unary) {
                return record(ex, unary.status(), null).map(unary);
            }
            Reply.Streaming streaming = (Reply.Streaming) done.result();
            if (!ex.has(RECORDED)) {
                ex.put(STREAMING, Boolean.TRUE);
                inFlight.streamStarted();
            }
            return Future.succeededFuture(new Reply.Streaming(new MeteredStream(
                    streaming.stream(), error -> record(ex, 200, error == null ? null : errorType(error)))));
        });
    }

    /** Records once; a second call (a stream's end after the client left) does nothing. */
    private Future<Void> record(Exchange ex, int status, @Nullable String errorType) {
        if (ex.has(RECORDED)) {
            return Future.succeededFuture();
        }
        ex.put(RECORDED, Boolean.TRUE);
        inFlight.ended(ex.has(STREAMING));
        return recorder.record(ex, new UsageRecorder.Ending(status, errorType, clock.nanoTime()))
                .map(summary -> {
                    for (RequestListener listener : listeners) {
                        listener.finished(summary, ex.config());
                    }
                    return null;
                });
    }

    /** What the usage record calls the error: its code when it has one, else its type. */
    static String errorType(GatewayError error) {
        return error.code() != null ? error.code() : error.type();
    }
}
