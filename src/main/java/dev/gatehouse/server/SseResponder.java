package dev.gatehouse.server;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.SseEncoder;
import dev.gatehouse.stream.StreamChunk;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a chunk stream to the client as Server-Sent Events, each chunk as soon as it arrives, in
 * the client API's format (the {@link SseEncoder}). When the client reads slower than the provider
 * writes, the provider stream is paused until the socket drains. A client that goes away cancels
 * the stream, and with it the upstream request. The usage record is staged before the stream
 * reports its end (the {@code Meter} stage wraps it), so the last event goes out after it.
 */
final class SseResponder implements ChunkStream.Sink {

    private final HttpServerResponse response;
    private final ChunkStream stream;
    private final SseEncoder encoder;
    private final Exchange ex;
    private final Promise<Void> written = Promise.promise();

    SseResponder(HttpServerResponse response, ChunkStream stream, SseEncoder encoder, Exchange ex) {
        this.response = response;
        this.stream = stream;
        this.encoder = encoder;
        this.ex = ex;
    }

    /** Starts the stream; the future tells whether its last event reached the client's connection. */
    Future<Void> start() {
        response.setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        response.drainHandler(v -> stream.resume());
        ex.onCancel(stream::cancel);
        stream.start(this);
        return written.future();
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
        end(encoder.onEnd());
    }

    @Override
    public void onError(GatewayError error) {
        end(encoder.onError(error));
    }

    private void end(Buffer last) {
        if (response.closed()) {
            written.tryFail("the client went away before the stream ended");
        } else {
            response.end(last).onComplete(written);
        }
    }
}
