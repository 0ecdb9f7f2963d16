package dev.gatehouse.provider;

import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Turns one provider response stream into canonical OpenAI chunks. One instance per request; it
 * keeps the decoder and translation state, so it is not thread-safe. Called on the event loop:
 * must not block.
 */
public interface StreamTranslator {

    /**
     * Feeds the next bytes of the response body, emitting every chunk completed by them.
     *
     * @throws GatewayError when the provider reports an error inside the stream
     */
    void onBytes(Buffer bytes, Consumer<StreamChunk> out);

    /**
     * The provider closed the body.
     *
     * @throws GatewayError when the stream ended before it was complete (no end marker, no finish)
     */
    void onEnd(Consumer<StreamChunk> out);

    /** The usage the provider reported in the stream, or {@code null} if it reported none (yet). */
    @Nullable
    Usage reportedUsage();

    /**
     * The prompt-side counts (input, cache reads and writes) the provider reported before its final
     * usage, or {@code null} when it reported none. Used only while {@link #reportedUsage()} is
     * {@code null}, for a stream cut short: its prompt counts stay the provider's own and only the
     * output is estimated. The output count in it means nothing.
     */
    default @Nullable Usage promptUsage() {
        return null;
    }
}
