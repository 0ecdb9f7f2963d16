package dev.gatehouse.tracing;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;

/**
 * A chunk stream whose request span ends with it: an event {@code gen_ai.first_chunk} when the first
 * chunk passes, the chunk count, and the finish reasons the chunks carried. Chunks pass untouched;
 * their text never goes on the span.
 */
final class TracedStream implements ChunkStream {

    private final ChunkStream inner;
    private final SpanEnd end;
    private long chunks;

    TracedStream(ChunkStream inner, SpanEnd end) {
        this.inner = inner;
        this.end = end;
    }

    @Override
    public void start(Sink sink) {
        Span span = end.span();
        inner.start(new Sink() {
            @Override
            public void onChunk(StreamChunk chunk) {
                if (chunks++ == 0) {
                    span.addEvent("gen_ai.first_chunk");
                }
                if (span.isRecording()) {
                    end.noteFinishReasons(chunk.json());
                }
                sink.onChunk(chunk);
            }

            @Override
            public void onEnd() {
                span.setAttribute("gatehouse.stream.chunks", chunks);
                end.finish(null, false);
                sink.onEnd();
            }

            @Override
            public void onError(GatewayError error) {
                span.setAttribute("gatehouse.stream.chunks", chunks);
                end.finish(error, false);
                sink.onError(error);
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
