package dev.gatehouse.stream;

import dev.gatehouse.error.GatewayError;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Turns canonical chunks into the Server-Sent Events of one client API (OpenAI's chunks, or
 * Anthropic's event sequence). One per stream; it may keep state between chunks. Runs on the
 * request's event loop and must not block.
 */
public interface SseEncoder {

    /** The bytes to send for a chunk, or {@code null} to send nothing for it. */
    @Nullable
    Buffer onChunk(StreamChunk chunk);

    /** The bytes that end a complete stream. */
    Buffer onEnd();

    /** The bytes that end a broken stream: an error event the client's SDK recognizes. */
    Buffer onError(GatewayError error);
}
