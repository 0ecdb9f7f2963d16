package dev.gatehouse.api;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * The client's request in its own API's dialect, kept beside the canonical request so that a
 * provider speaking the same dialect receives it as sent (prompt-cache markers, signed thinking
 * blocks, fields the canonical form cannot carry) instead of a translation of a translation.
 * Adapters of other dialects ignore it. Immutable; the buffer must not be written to.
 *
 * @param bytes the body exactly as the client sent it
 * @param headers the dialect's own request headers the client sent (lower-case names), which a
 *     provider of that dialect reads as part of the request (Anthropic's {@code anthropic-version}
 *     and {@code anthropic-beta}); never credentials
 */
public record NativeRequest(Dialect dialect, Buffer bytes, Map<String, String> headers) {

    /** The client APIs whose requests can reach a provider of the same dialect unchanged. */
    public enum Dialect {
        /** Anthropic's Messages API ({@code POST /v1/messages}). */
        ANTHROPIC_MESSAGES,
        /**
         * OpenAI's Responses API ({@code POST /v1/responses}); the canonical request is its chat
         * translation, and the stages that continue and store conversations read the client's body.
         */
        OPENAI_RESPONSES
    }

    public NativeRequest {
        headers = Map.copyOf(headers);
    }
}
