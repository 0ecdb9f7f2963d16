package dev.gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Checks a legacy text completions request (CreateCompletionRequest in OpenAI's API reference). The
 * body goes to the provider as sent, so only what the gateway acts on is checked: the model, the
 * prompt it counts, {@code stream} and the output cap it reserves.
 */
public final class CompletionsRequestValidator {

    /** OpenAI's default {@code max_tokens} for completions, which limits reserve when a request sets none. */
    static final int DEFAULT_MAX_TOKENS = 16;

    private CompletionsRequestValidator() {}

    public static CanonicalRequest validate(ObjectNode body, @Nullable Buffer originalBytes) {
        FieldChecks f = new FieldChecks(body);
        String model = f.requiredString("model");
        JsonNode prompt = f.present("prompt");
        if (prompt == null) {
            throw FieldChecks.error("Missing required parameter: 'prompt'.", "prompt", "missing_required_parameter");
        }
        if (!prompt.isTextual() && !prompt.isArray()) {
            throw FieldChecks.wrongType("prompt", "a string or an array", prompt);
        }
        boolean stream = f.optionalBoolean("stream");
        Integer maxTokens = f.optionalInteger("max_tokens", 0, Integer.MAX_VALUE);
        Integer n = f.optionalInteger("n", 1, 128);
        Integer bestOf = f.optionalInteger("best_of", 0, 20);
        f.optionalNumber("temperature", 0, 2);
        f.optionalNumber("top_p", 0, 1);
        f.optionalString("suffix");
        f.optionalString("user");
        f.noNulInStoredText();
        JsonNode streamOptions = f.optionalObject("stream_options");
        if (streamOptions != null && !stream) {
            throw FieldChecks.error(
                    "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
                    "stream_options",
                    "invalid_value");
        }
        boolean wantsUsage =
                streamOptions != null && streamOptions.path("include_usage").asBoolean(false);
        // Every one of n (or best_of, which the server generates and bills) answers may use max_tokens.
        long choices = Math.max(n == null ? 1 : n, bestOf == null ? 1 : bestOf);
        long cap = (maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens) * choices;
        return new CanonicalRequest(
                Endpoint.COMPLETIONS,
                body,
                model,
                stream,
                wantsUsage,
                (int) Math.min(Integer.MAX_VALUE, cap),
                originalBytes);
    }
}
