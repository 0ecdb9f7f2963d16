package dev.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.usage.Usage;
import org.jspecify.annotations.Nullable;

/**
 * Reads Bedrock's {@code TokenUsage} ({@code inputTokens}, {@code outputTokens}, {@code totalTokens},
 * {@code cacheReadInputTokens}, {@code cacheWriteInputTokens}, {@code cacheDetails}), as both Converse answers and the
 * stream's {@code metadata} event carry it (Bedrock API reference, "TokenUsage").
 */
final class BedrockUsage {

    private BedrockUsage() {}

    /**
     * The canonical usage, or {@code null} when {@code usage} is absent or not an object.
     *
     * <p>Bedrock counts cache reads and cache writes apart from {@code inputTokens} (user guide,
     * "Prompt caching for faster model inference"), as Anthropic does, while the canonical prompt
     * count includes them, so the three are added.
     */
    static @Nullable Usage of(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long cacheRead = usage.path("cacheReadInputTokens").asLong(0);
        long cacheWrite = usage.path("cacheWriteInputTokens").asLong(0);
        long input = usage.path("inputTokens").asLong(0) + cacheRead + cacheWrite;
        return new Usage(
                input,
                cacheRead,
                cacheWrite,
                oneHourWrites(usage, cacheWrite),
                usage.path("outputTokens").asLong(0),
                0,
                false);
    }

    /**
     * The cache writes with a one-hour lifetime: {@code cacheDetails} splits the writes by TTL
     * ({@code CacheDetail}: {@code inputTokens}, {@code ttl} {@code 5m} or {@code 1h}; API reference,
     * "TokenUsage", "CacheDetail"), in Converse answers and the stream's metadata event alike.
     * Without it every write is a 5-minute one.
     */
    private static long oneHourWrites(JsonNode usage, long cacheWrite) {
        long oneHour = 0;
        for (JsonNode detail : usage.path("cacheDetails")) {
            if ("1h".equals(detail.path("ttl").asText())) {
                oneHour += detail.path("inputTokens").asLong(0);
            }
        }
        return Math.min(oneHour, cacheWrite);
    }
}
