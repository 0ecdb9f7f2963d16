package dev.gatehouse.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * A stored streamed answer sent again to a repeat of an idempotent request: its chunks in order,
 * then a normal end. Its {@link #usage()} is the first answer's, so a surface that reports usage at
 * the end of a stream (Anthropic's {@code message_delta}) reports the same numbers again; nothing
 * charges it, because the stages that charge come after {@link Idempotency}, which answers a replay
 * itself. Event-loop confined.
 */
public final class ReplayedChunkStream implements ChunkStream {

    private final JsonNode chunks;
    private final Usage usage;
    private @Nullable Buffer passthrough;
    private @Nullable Sink sink;
    private int next;
    private boolean paused;
    private boolean cancelled;

    /** @param passthrough the provider events the first answer relayed, sent again with the first chunk */
    public ReplayedChunkStream(JsonNode chunks, Usage usage, @Nullable Buffer passthrough) {
        this.chunks = chunks;
        this.usage = usage;
        this.passthrough = passthrough;
    }

    @Override
    public void start(Sink sink) {
        this.sink = sink;
        pump(sink);
    }

    private void pump(Sink sink) {
        while (!paused && !cancelled && next < chunks.size()) {
            ObjectNode chunk = (ObjectNode) chunks.get(next++);
            boolean usageOnly =
                    chunk.path("choices").isEmpty() && chunk.path("usage").isObject();
            StreamChunk replayed = new StreamChunk(chunk, null, usageOnly, passthrough);
            passthrough = null;
            sink.onChunk(replayed);
        }
        if (!paused && !cancelled && next == chunks.size()) {
            next++;
            sink.onEnd();
        }
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
        if (sink != null) {
            pump(sink);
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public Future<Usage> usage() {
        return Future.succeededFuture(usage);
    }
}
