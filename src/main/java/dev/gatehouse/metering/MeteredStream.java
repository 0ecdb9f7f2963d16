package dev.gatehouse.metering;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * A chunk stream whose end (or break) waits until the request's usage record is staged, so the
 * client receives the last event only after the record can survive a crash. Chunks pass through
 * untouched.
 */
final class MeteredStream implements ChunkStream {

    private final ChunkStream inner;
    private final Function<GatewayError, Future<Void>> beforeEnd;

    /** @param beforeEnd records the request, given the error that broke the stream or null */
    MeteredStream(ChunkStream inner, Function<GatewayError, Future<Void>> beforeEnd) {
        this.inner = inner;
        this.beforeEnd = beforeEnd;
    }

    @Override
    public void start(Sink sink) {
        inner.start(new Sink() {
            @Override
            public void onChunk(StreamChunk chunk) {
                sink.onChunk(chunk);
            }

            @Override
            public void onEnd() {
                beforeEnd.apply(null).onComplete(recorded -> sink.onEnd());
            }

            @Override
            public void onError(GatewayError error) {
                beforeEnd.apply(error).onComplete(recorded -> sink.onError(error));
            }
        });
    }

    @Override
    public void pause() {
        inner.pause();
    }

    @Override
    public void resume() {
        inner.resume();
    }

    @Override
    public void cancel() {
        inner.cancel();
    }

    @Override
    public Future<Usage> usage() {
        return inner.usage();
    }
}
