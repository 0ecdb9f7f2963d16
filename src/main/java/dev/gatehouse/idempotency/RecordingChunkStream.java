package dev.gatehouse.idempotency;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Passes a stream through unchanged while keeping a copy of its canonical chunks, so an idempotent
 * request's streamed answer can be replayed to a repeat. {@link #recorded()} completes with the
 * chunks (a JSON array), and {@link #passthrough()} the provider events relayed with them, when the
 * stream ended properly, and fails when it broke or was cancelled:
 * only complete answers are kept. Event-loop confined.
 */
public final class RecordingChunkStream implements ChunkStream {

    private final ChunkStream upstream;
    private final ArrayNode chunks = Json.MAPPER.createArrayNode();
    private final Promise<ArrayNode> recorded = Promise.promise();
    private @Nullable Buffer passthrough;

    public RecordingChunkStream(ChunkStream upstream) {
        this.upstream = upstream;
    }

    public Future<ArrayNode> recorded() {
        return recorded.future();
    }

    /** The provider events relayed with the chunks, in order, or {@code null} when none were. */
    @Nullable
    Buffer passthrough() {
        return passthrough;
    }

    @Override
    public void start(Sink sink) {
        upstream.start(new Sink() {
            @Override
            public void onChunk(StreamChunk chunk) {
                chunks.add(chunk.json());
                if (chunk.passthrough() != null) {
                    passthrough =
                            (passthrough == null ? Buffer.buffer() : passthrough).appendBuffer(chunk.passthrough());
                }
                sink.onChunk(chunk);
            }

            @Override
            public void onEnd() {
                recorded.tryComplete(chunks);
                sink.onEnd();
            }

            @Override
            public void onError(GatewayError error) {
                recorded.tryFail(error);
                sink.onError(error);
            }
        });
    }

    @Override
    public void pause() {
        upstream.pause();
    }

    @Override
    public void resume() {
        upstream.resume();
    }

    @Override
    public void cancel() {
        recorded.tryFail("cancelled");
        upstream.cancel();
    }

    @Override
    public Future<Usage> usage() {
        return upstream.usage();
    }
}
