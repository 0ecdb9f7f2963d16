package dev.gatehouse.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * One OpenAI {@code chat.completion.chunk}, in canonical form.
 *
 * @param json the chunk as a tree, for surfaces that translate it
 * @param encoded the same chunk serialized, when the upstream's own bytes can be forwarded as they
 *     are; {@code null} when it must be serialized from {@code json}
 * @param usageOnly true for the trailing chunk that carries usage and no choices
 * @param passthrough the provider's own stream events this chunk came from, exactly as they came,
 *     when the provider speaks the client API's dialect (an Anthropic deployment streaming to
 *     {@code /v1/messages}); that API's encoder sends them instead of translating {@code json}.
 *     Such a stream hands every event on once, on the first chunk it produced, and events that
 *     produce no canonical content (a ping, a thinking delta) on a chunk without choices.
 *     {@code null} otherwise
 */
public record StreamChunk(
        ObjectNode json,
        @Nullable Buffer encoded,
        boolean usageOnly,
        @Nullable Buffer passthrough) {

    /** A chunk with no client-dialect form beside it. */
    public StreamChunk(ObjectNode json, @Nullable Buffer encoded, boolean usageOnly) {
        this(json, encoded, usageOnly, null);
    }

    /** This chunk carrying the provider events {@code events}. */
    public StreamChunk withPassthrough(Buffer events) {
        return new StreamChunk(json, encoded, usageOnly, events);
    }

    /** Whether this chunk carries a non-null {@code usage} object. */
    public boolean hasUsage() {
        return json.path("usage").isObject();
    }
}
