package dev.gatehouse.api.anthropic;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.stream.SseEncoder;
import dev.gatehouse.stream.StreamChunk;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code /v1/messages} stream encoder: relays an Anthropic deployment's own events unchanged
 * when the chunks carry them ({@link StreamChunk#passthrough}), and otherwise builds Anthropic's
 * event sequence from the canonical chunks ({@link OpenAiStreamToAnthropic}). The first chunk
 * decides for the whole stream. A relayed stream already holds the provider's
 * {@code message_delta} and {@code message_stop}, so its end adds nothing; a break still ends with
 * an {@code error} event. One per stream; event loop only.
 */
public final class AnthropicStreamRelay implements SseEncoder {

    private final SseEncoder translation;
    private boolean decided;
    private boolean relaying;

    /** @param translation the encoder for a stream whose chunks carry no Anthropic events */
    public AnthropicStreamRelay(SseEncoder translation) {
        this.translation = translation;
    }

    @Override
    public @Nullable Buffer onChunk(StreamChunk chunk) {
        if (!decided) {
            decided = true;
            relaying = chunk.passthrough() != null;
        }
        return relaying ? chunk.passthrough() : translation.onChunk(chunk);
    }

    @Override
    public Buffer onEnd() {
        return relaying ? Buffer.buffer() : translation.onEnd();
    }

    @Override
    public Buffer onError(GatewayError error) {
        return translation.onError(error);
    }
}
