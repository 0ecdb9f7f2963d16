package dev.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.usage.Usage;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic's token counts as the gateway's {@link Usage}. Anthropic reports prompt tokens in three
 * disjoint parts: {@code input_tokens} counts only those after the last cache breakpoint, beside
 * {@code cache_read_input_tokens} and {@code cache_creation_input_tokens} (docs.anthropic.com,
 * "Prompt caching", tracking cache performance: total input = the sum of the three). OpenAI's
 * {@code prompt_tokens} is that sum. Accumulates across stream events; not thread-safe.
 */
final class AnthropicUsage {

    private long input;
    private long cacheRead;
    private long cacheWrite;
    private long cacheWrite1h;
    private long output;

    /** The usage of a whole {@code Message}, or {@code null} when it has no usage object. */
    static @Nullable Usage of(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        AnthropicUsage counts = new AnthropicUsage();
        counts.update(usage);
        return counts.toUsage();
    }

    /**
     * Takes the counts present in {@code usage}. Counts in {@code message_delta} events are
     * cumulative ("Streaming Messages"), so a later value replaces an earlier one; absent or null
     * fields keep what {@code message_start} said.
     */
    void update(JsonNode usage) {
        input = count(usage, "input_tokens", input);
        cacheRead = count(usage, "cache_read_input_tokens", cacheRead);
        cacheWrite = count(usage, "cache_creation_input_tokens", cacheWrite);
        JsonNode byLifetime = usage.get("cache_creation");
        if (byLifetime != null && byLifetime.isObject()) {
            cacheWrite1h = count(byLifetime, "ephemeral_1h_input_tokens", cacheWrite1h);
        }
        output = count(usage, "output_tokens", output);
    }

    Usage toUsage() {
        // The split never claims more 1-hour writes than the total says were written.
        long write1h = Math.min(cacheWrite1h, cacheWrite);
        return new Usage(input + cacheRead + cacheWrite, cacheRead, cacheWrite, write1h, output, 0, false);
    }

    private static long count(JsonNode usage, String field, long previous) {
        JsonNode value = usage.get(field);
        return value != null && value.isNumber() ? value.asLong() : previous;
    }
}
