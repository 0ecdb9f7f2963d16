package dev.gatehouse.server;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.StreamChunk;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a binary answer (the audio of {@code /v1/audio/speech}) to the client as its chunks arrive,
 * in the media type the provider gave (a reply header the dispatcher set). With back-pressure: a
 * full socket pauses the upstream read until it drains. A binary body has no way to say it broke,
 * so a stream that fails after its start resets the connection instead of ending it, and the client
 * cannot take a cut answer for a whole one. Event loop only.
 */
final class BytesResponder implements ChunkStream.Sink {

    private final HttpServerResponse response;
    private final ChunkStream stream;
    private final Exchange ex;
    private final Promise<Void> written = Promise.promise();

    BytesResponder(HttpServerResponse response, ChunkStream stream, Exchange ex) {
        this.response = response;
        this.stream = stream;
        this.ex = ex;
    }

    /** Starts the stream; the future tells whether its last byte reached the client's connection. */
    Future<Void> start() {
        response.setChunked(true);
        response.drainHandler(v -> stream.resume());
        ex.onCancel(stream::cancel);
        stream.start(this);
        return written.future();
    }

    @Override
    public void onChunk(StreamChunk chunk) {
        Buffer bytes = chunk.passthrough();
        if (bytes == null || response.closed()) {
            return;
        }
        response.write(bytes);
        if (response.writeQueueFull()) {
            stream.pause();
        }
    }

    @Override
    public void onEnd() {
        if (response.closed()) {
            written.tryFail("the client went away before the audio ended");
        } else {
            response.end().onComplete(written);
        }
    }

    @Override
    public void onError(GatewayError error) {
        response.reset();
        written.tryFail("the audio stream broke: " + error.getMessage());
    }
}
