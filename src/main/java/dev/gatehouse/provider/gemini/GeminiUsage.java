package dev.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.usage.Usage;
import org.jspecify.annotations.Nullable;

/**
 * Reads Gemini's {@code usageMetadata} (GenerateContentResponse.UsageMetadata in
 * generative_service.proto). {@code promptTokenCount} "includes the number of tokens in the cached
 * content", so it is the whole prompt and {@code cachedContentTokenCount} the cached part of it.
 * {@code toolUsePromptTokenCount}, the "number of tokens present in tool-use prompt(s)" (what a
 * built-in tool such as search or code execution fed back to the model), is counted apart from
 * {@code promptTokenCount} (the total is the sum of the prompt, tool-use, candidates and thoughts
 * counts) and is input the model read, so it is added to the input.
 * Output is {@code candidatesTokenCount} plus {@code thoughtsTokenCount}: thinking tokens are counted
 * apart from the candidates and billed as output, as OpenAI's completion_tokens include reasoning;
 * they are kept as the reasoning part of the output.
 */
final class GeminiUsage {

    private GeminiUsage() {}

    /** The usage, or {@code null} when the response carries none. */
    static @Nullable Usage from(JsonNode usageMetadata) {
        if (usageMetadata == null || !usageMetadata.isObject()) {
            return null;
        }
        long prompt = usageMetadata.path("promptTokenCount").asLong(0)
                + usageMetadata.path("toolUsePromptTokenCount").asLong(0);
        long cached = usageMetadata.path("cachedContentTokenCount").asLong(0);
        long thoughts = usageMetadata.path("thoughtsTokenCount").asLong(0);
        long output = usageMetadata.path("candidatesTokenCount").asLong(0) + thoughts;
        return new Usage(prompt, cached, 0, 0, output, thoughts, false);
    }
}
