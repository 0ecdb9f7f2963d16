package dev.gatehouse.server;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * A chunk stream whose proper end is reported only after {@code beforeEnd} has finished (a kept
 * Response written to the store), so that a client who saw {@code response.completed} can continue
 * from it at once. Chunks, errors, pauses and cancellation pass straight through. Event loop only.
 */
final class EndAfterStream implements ChunkStream {

    private final ChunkStream stream;
    private final Supplier<Future<Void>> beforeEnd;

    EndAfterStream(ChunkStream stream, Supplier<Future<Void>> beforeEnd) {
        this.stream = stream;
        this.beforeEnd = beforeEnd;
    }

    @Override
    public void start(Sink sink) {
        stream.start(new Sink() {
            @Override
            public void onChunk(StreamChunk chunk) {
                sink.onChunk(chunk);
            }

            @Override
            public void onEnd() {
                // beforeEnd reports its own failures; the stream still ends properly for the client.
                beforeEnd.get().onComplete(done -> sink.onEnd());
            }

            @Override
            public void onError(GatewayError error) {
                sink.onError(error);
            }
        });
    }

    @Override
    public void pause() {
        stream.pause();
    }

    @Override
    public void resume() {
        stream.resume();
    }

    @Override
    public void cancel() {
        stream.cancel();
    }

    @Override
    public Future<Usage> usage() {
        return stream.usage();
    }
}
