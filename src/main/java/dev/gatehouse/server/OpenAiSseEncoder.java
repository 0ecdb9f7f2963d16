package dev.gatehouse.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.stream.SseEncoder;
import dev.gatehouse.stream.StreamChunk;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's stream format: one {@code data:} event per chunk, {@code data: [DONE]} at the end. The
 * usage the gateway asked for on the client's behalf is kept from a client that did not ask for it.
 * A broken stream ends with an OpenAI error event and no {@code [DONE]}, so the client cannot
 * mistake it for a complete answer.
 */
final class OpenAiSseEncoder implements SseEncoder {

    private static final Buffer DATA = Buffer.buffer("data: ");
    private static final Buffer EVENT_END = Buffer.buffer("\n\n");
    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

    private final boolean clientWantsUsage;

    OpenAiSseEncoder(boolean clientWantsUsage) {
        this.clientWantsUsage = clientWantsUsage;
    }

    @Override
    public @Nullable Buffer onChunk(StreamChunk chunk) {
        Buffer encoded;
        if (clientWantsUsage || !chunk.json().has("usage")) {
            encoded = chunk.encoded() != null ? chunk.encoded() : Json.encode(chunk.json());
        } else if (chunk.usageOnly()) {
            return null;
        } else {
            ObjectNode withoutUsage = chunk.json().deepCopy();
            withoutUsage.remove("usage");
            encoded = Json.encode(withoutUsage);
        }
        return event(encoded);
    }

    @Override
    public Buffer onEnd() {
        return DONE;
    }

    @Override
    public Buffer onError(GatewayError error) {
        return event(Json.encode(ErrorResponses.openAiBody(error)));
    }

    private static Buffer event(Buffer json) {
        return Buffer.buffer(json.length() + 8)
                .appendBuffer(DATA)
                .appendBuffer(json)
                .appendBuffer(EVENT_END);
    }
}
