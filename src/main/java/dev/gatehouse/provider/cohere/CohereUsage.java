package dev.gatehouse.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.usage.Usage;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code usage} object of a Cohere v2 chat answer (the unary response, and the
 * {@code message-end} event's {@code delta.usage}): {@code {"billed_units": {"input_tokens",
 * "output_tokens"}, "tokens": {"input_tokens", "output_tokens"}, "cached_tokens"}}, every count a
 * JSON number that may carry a fraction ({@code 37.0}; the reference types them as doubles).
 *
 * <p>The counts come from {@code billed_units}: "the billed input and output tokens are the tokens
 * that you're actually billed for ... Cohere adds tokens under the hood ... you are not charged for
 * them" ("How Does Cohere's Pricing Work?"). {@code tokens} counts everything the model processed,
 * Cohere's own preamble and special tokens included, so charging it over-counts (913 processed
 * against 37 billed input tokens in one tool call). {@code tokens} serves only when
 * {@code billed_units} is absent.
 */
final class CohereUsage {

    private CohereUsage() {}

    /** The usage in {@code usage}, or {@code null} when it is absent or reports no counts. */
    static @Nullable Usage of(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        JsonNode counts = usage.path("billed_units");
        if (!counts.isObject() || !counts.has("input_tokens") && !counts.has("output_tokens")) {
            counts = usage.path("tokens");
        }
        if (!counts.isObject() || !counts.has("input_tokens") && !counts.has("output_tokens")) {
            return null;
        }
        long input = count(counts.get("input_tokens"));
        long output = count(counts.get("output_tokens"));
        // "The number of prompt tokens that hit the inference cache" (v2 Chat reference, Usage):
        // a part of the prompt, so never more than the input count.
        long cached = Math.min(input, count(usage.get("cached_tokens")));
        return new Usage(input, cached, 0, output, false);
    }

    static long count(JsonNode value) {
        return value != null && value.isNumber() ? Math.max(0, Math.round(value.asDouble())) : 0;
    }
}
