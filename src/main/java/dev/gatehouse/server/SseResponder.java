package dev.gatehouse.server;

import io.vertx.core.Future;
import java.util.function.Function;

import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.SseEncoder;
import dev.gatehouse.stream.StreamChunk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a chunk stream to the client as Server-Sent Events, each chunk as soon as it arrives, in
 * the client API's format (the {@link SseEncoder}). When the client reads slower than the provider
 * writes, the provider stream is paused until the socket drains. A client that goes away cancels
 * the stream, and with it the upstream request.
 */
final class SseResponder implements ChunkStream.Sink {

    /** Set when the stream broke, for the access log. */
    static final Exchange.Key<GatewayError> STREAM_ERROR = Exchange.Key.of("stream-error");

    private final HttpServerResponse response;
    private final ChunkStream stream;
    private final SseEncoder encoder;
    private final Exchange ex;
    private final Function<GatewayError, Future<Void>> beforeEnd;

    /**
     * @param beforeEnd runs before the last event is written (with the error that ends the stream,
     *     or null); the end waits for its future (the usage record being spooled)
     */
    SseResponder(HttpServerResponse response, ChunkStream stream, SseEncoder encoder, Exchange ex,
            Function<GatewayError, Future<Void>> beforeEnd) {
        this.response = response;
        this.stream = stream;
        this.encoder = encoder;
        this.ex = ex;
        this.beforeEnd = beforeEnd;
    }

    void start() {
        response.setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        response.drainHandler(v -> stream.resume());
        ex.onCancel(stream::cancel);
        stream.start(this);
    }

    @Override
    public void onChunk(StreamChunk chunk) {
        Buffer event = encoder.onChunk(chunk);
        if (event == null || response.closed()) {
            return;
        }
        response.write(event);
        if (response.writeQueueFull()) {
            stream.pause();
        }
    }

    @Override
    public void onEnd() {
        beforeEnd.apply(null).onComplete(written -> {
            if (!response.closed()) {
                response.end(encoder.onEnd());
            }
        });
    }

    @Override
    public void onError(GatewayError error) {
        ex.put(STREAM_ERROR, error);
        beforeEnd.apply(error).onComplete(written -> {
            if (!response.closed()) {
                response.end(encoder.onError(error));
            }
        });
    }
}
