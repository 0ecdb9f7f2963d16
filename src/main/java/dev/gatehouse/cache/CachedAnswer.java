package dev.gatehouse.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * One stored answer.
 *
 * @param body the canonical answer: a {@code chat.completion} (a streamed answer is kept assembled) or
 *     an embeddings response
 * @param usage what producing it used, shown again where a surface shows usage
 * @param costUsd what producing it cost, which each hit saves; {@code null} when unpriced
 * @param storedAtMillis wall time it was stored (for {@code x-gatehouse-cache-age})
 * @param model the public model it answered
 * @param scopeId the scope that may read it
 * @param namespace the partition inside the scope ("" for none)
 * @param teamId the team of the key that produced it, for deleting by team; {@code null} without one
 * @param question the last user message it answered, for semantic entries; {@code null} otherwise
 */
public record CachedAnswer(
        Buffer body,
        Usage usage,
        @Nullable Double costUsd,
        long storedAtMillis,
        String model,
        String scopeId,
        String namespace,
        @Nullable String teamId,
        @Nullable String question) {

    /** The entry as one JSON object, for stores that keep bytes (Redis). */
    Buffer toJson() {
        ObjectNode o = Json.object();
        o.set("body", Json.parse(body));
        o.put("in", usage.inputTokens());
        o.put("cached", usage.cachedInputTokens());
        o.put("cache_write", usage.cacheWriteTokens());
        o.put("out", usage.outputTokens());
        o.put("estimated", usage.estimated());
        if (costUsd != null) {
            o.put("cost_usd", costUsd);
        }
        o.put("stored_at", storedAtMillis);
        o.put("model", model);
        o.put("scope", scopeId);
        o.put("namespace", namespace);
        if (teamId != null) {
            o.put("team", teamId);
        }
        if (question != null) {
            o.put("question", question);
        }
        return Json.encode(o);
    }

    static CachedAnswer fromJson(Buffer json) {
        JsonNode o = Json.parse(json);
        return new CachedAnswer(
                Json.encode(o.get("body")),
                new Usage(
                        o.path("in").asLong(),
                        o.path("cached").asLong(),
                        o.path("cache_write").asLong(),
                        o.path("out").asLong(),
                        o.path("estimated").asBoolean()),
                o.has("cost_usd") ? o.get("cost_usd").asDouble() : null,
                o.path("stored_at").asLong(),
                o.path("model").asText(),
                o.path("scope").asText(),
                o.path("namespace").asText(),
                o.has("team") ? o.get("team").asText() : null,
                o.has("question") ? o.get("question").asText() : null);
    }

    /** Whether {@code filter} selects this entry. */
    boolean matches(CacheFilter filter) {
        return (filter.namespace() == null || filter.namespace().equals(namespace))
                && (filter.model() == null || filter.model().equals(model))
                && (filter.team() == null || filter.team().equals(teamId));
    }
}
