package dev.gatehouse.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.BilledUnits;
import org.jspecify.annotations.Nullable;

/**
 * Token counts of one answer.
 *
 * @param inputTokens all prompt tokens, cached and cache-written ones included (OpenAI's
 *     {@code prompt_tokens})
 * @param cachedInputTokens the part of {@code inputTokens} read from the provider's prompt cache
 * @param cacheWriteTokens the part of {@code inputTokens} written to the provider's prompt cache
 *     (Anthropic and Bedrock charge these at their own rate)
 * @param cacheWrite1hTokens the part of {@code cacheWriteTokens} written to Anthropic's 1-hour cache,
 *     which costs more than the default 5-minute one
 * @param outputTokens generated tokens, reasoning included
 * @param reasoningTokens the part of {@code outputTokens} the model spent reasoning (OpenAI's
 *     {@code reasoning_tokens}, Gemini's {@code thoughtsTokenCount}), when the provider tells it apart
 * @param estimated true when the gateway counted them because the provider reported none
 * @param units what the answer is billed for besides tokens (search units, audio seconds, speech
 *     characters, images); {@link BilledUnits#NONE} for token-only endpoints
 */
public record Usage(
        long inputTokens,
        long cachedInputTokens,
        long cacheWriteTokens,
        long cacheWrite1hTokens,
        long outputTokens,
        long reasoningTokens,
        boolean estimated,
        BilledUnits units) {

    /** Token counts with no other units billed. */
    public Usage(
            long inputTokens,
            long cachedInputTokens,
            long cacheWriteTokens,
            long cacheWrite1hTokens,
            long outputTokens,
            long reasoningTokens,
            boolean estimated) {
        this(
                inputTokens,
                cachedInputTokens,
                cacheWriteTokens,
                cacheWrite1hTokens,
                outputTokens,
                reasoningTokens,
                estimated,
                BilledUnits.NONE);
    }

    /** These counts with {@code billed} units (and whether they are the gateway's estimate). */
    public Usage withUnits(BilledUnits billed, boolean estimate) {
        return new Usage(
                inputTokens,
                cachedInputTokens,
                cacheWriteTokens,
                cacheWrite1hTokens,
                outputTokens,
                reasoningTokens,
                estimated || estimate,
                billed);
    }

    /** Whether nothing at all was counted: no tokens and no other units. */
    public boolean isEmpty() {
        return totalTokens() == 0 && units.isEmpty();
    }

    /** No usage known (for example, an error before the provider answered). */
    public static final Usage NONE = new Usage(0, 0, 0, 0, false);

    /** Counts without 1-hour cache writes or reasoning told apart. */
    public Usage(
            long inputTokens, long cachedInputTokens, long cacheWriteTokens, long outputTokens, boolean estimated) {
        this(inputTokens, cachedInputTokens, cacheWriteTokens, 0, outputTokens, 0, estimated);
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** The OpenAI {@code usage} object for these counts, as canonical answers carry it. */
    public ObjectNode toOpenAi() {
        ObjectNode usage = JsonNodeFactory.instance.objectNode();
        usage.put("prompt_tokens", inputTokens);
        usage.put("completion_tokens", outputTokens);
        usage.put("total_tokens", totalTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", cachedInputTokens);
        if (reasoningTokens > 0) {
            usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoningTokens);
        }
        return usage;
    }

    /**
     * Reads an OpenAI {@code usage} object. Returns {@code null} when the node is absent or not an
     * object, so callers can tell "no usage reported" from "zero tokens".
     */
    public static @Nullable Usage fromOpenAi(@Nullable JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        long input = usage.path("prompt_tokens").asLong(0);
        long output = usage.path("completion_tokens").asLong(0);
        if (!usage.has("completion_tokens") && usage.has("total_tokens")) {
            output = Math.max(0, usage.path("total_tokens").asLong(0) - input);
        }
        long reasoning = Math.min(
                output,
                usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
        return new Usage(input, cached, 0, 0, output, Math.max(0, reasoning), false);
    }
}
