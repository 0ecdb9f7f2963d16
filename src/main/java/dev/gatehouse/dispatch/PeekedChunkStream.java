package dev.gatehouse.dispatch;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Starts an upstream stream and holds it at its first chunk, so dispatch can still fall back to
 * another deployment when the stream fails before anything could reach the client. Once
 * {@link #firstChunk()} completes, the stream is handed to the client side, which receives the held
 * chunks first and then the rest as it flows. Event-loop confined.
 */
final class PeekedChunkStream implements ChunkStream, ChunkStream.Sink {

    private final ChunkStream upstream;
    private final Promise<Void> firstChunk = Promise.promise();
    private final ArrayDeque<StreamChunk> held = new ArrayDeque<>();
    private @Nullable Consumer<Sink> heldEnd;
    private @Nullable Sink sink;
    private boolean pausedForPeek;
    private boolean sinkPaused;

    PeekedChunkStream(ChunkStream upstream) {
        this.upstream = upstream;
    }

    /**
     * Starts the upstream. Completes when the first chunk (or a clean end) arrived; fails with the
     * stream's error when it broke before sending any chunk.
     */
    Future<Void> firstChunk() {
        upstream.start(this);
        return firstChunk.future();
    }

    @Override
    public void onChunk(StreamChunk chunk) {
        if (sink != null) {
            sink.onChunk(chunk);
            return;
        }
        held.add(chunk);
        if (!pausedForPeek) {
            pausedForPeek = true;
            upstream.pause();
        }
        firstChunk.tryComplete();
    }

    @Override
    public void onEnd() {
        if (sink != null) {
            sink.onEnd();
            return;
        }
        heldEnd = Sink::onEnd;
        firstChunk.tryComplete();
    }

    @Override
    public void onError(GatewayError error) {
        if (sink != null) {
            sink.onError(error);
        } else if (held.isEmpty()) {
            firstChunk.tryFail(error);
        } else {
            heldEnd = later -> later.onError(error);
        }
    }

    @Override
    public void start(Sink client) {
        this.sink = client;
        while (!held.isEmpty()) {
            client.onChunk(held.poll());
        }
        if (heldEnd != null) {
            heldEnd.accept(client);
        } else if (pausedForPeek && !sinkPaused) {
            upstream.resume();
        }
    }

    @Override
    public void pause() {
        sinkPaused = true;
        upstream.pause();
    }

    @Override
    public void resume() {
        sinkPaused = false;
        upstream.resume();
    }

    @Override
    public void cancel() {
        upstream.cancel();
    }

    @Override
    public Future<Usage> usage() {
        return upstream.usage();
    }
}
