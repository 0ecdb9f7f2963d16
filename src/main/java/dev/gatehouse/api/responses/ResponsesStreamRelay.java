package dev.gatehouse.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.stream.SseEncoder;
import dev.gatehouse.stream.StreamChunk;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code /v1/responses} stream encoder: relays an OpenAI deployment's own Responses events
 * unchanged when the chunks carry them ({@link StreamChunk#passthrough}), and otherwise builds the
 * events from canonical chunks ({@link ChatStreamToResponseEvents}). The first chunk decides for the
 * whole stream. A relayed stream already holds its final event, so its end adds nothing; the Response
 * it carries is kept as {@link #completedResponse}. A break still ends with the gateway's
 * {@code error} and {@code response.failed} events. One per stream; event loop only.
 */
public final class ResponsesStreamRelay implements SseEncoder {

    private final ChatStreamToResponseEvents translation;
    private boolean decided;
    private boolean relaying;
    private @Nullable ObjectNode relayedResponse;

    public ResponsesStreamRelay(ChatStreamToResponseEvents translation) {
        this.translation = translation;
    }

    @Override
    public @Nullable Buffer onChunk(StreamChunk chunk) {
        if (!decided) {
            decided = true;
            relaying = chunk.passthrough() != null;
        }
        if (!relaying) {
            return translation.onChunk(chunk);
        }
        Buffer events = chunk.passthrough();
        if (events != null
                && chunk.json().path("choices").path(0).path("finish_reason").isTextual()) {
            relayedResponse = finalResponse(events);
        }
        return events;
    }

    /** The Response of the stream's last event: the relayed one, or the translation's. */
    public ObjectNode completedResponse() {
        return relaying && relayedResponse != null ? relayedResponse : translation.completedResponse();
    }

    @Override
    public Buffer onEnd() {
        return relaying ? Buffer.buffer() : translation.onEnd();
    }

    @Override
    public Buffer onError(GatewayError error) {
        if (relaying) {
            translation.opened();
        }
        return translation.onError(error);
    }

    /** The {@code response} of a {@code response.completed} or {@code response.incomplete} event. */
    private static @Nullable ObjectNode finalResponse(Buffer events) {
        for (String line : events.toString().split("\n")) {
            if (line.startsWith("data: ")) {
                JsonNode event = Json.tryParse(line.substring(6)).orElse(null);
                if (event != null && event.path("response").isObject()) {
                    return (ObjectNode) event.get("response");
                }
            }
        }
        return null;
    }
}
