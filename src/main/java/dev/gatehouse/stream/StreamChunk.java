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
 */
public record StreamChunk(ObjectNode json, @Nullable Buffer encoded, boolean usageOnly) {

    /** Whether this chunk carries a non-null {@code usage} object. */
    public boolean hasUsage() {
        return json.path("usage").isObject();
    }
}
