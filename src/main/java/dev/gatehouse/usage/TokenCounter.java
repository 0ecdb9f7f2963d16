package dev.gatehouse.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts tokens with OpenAI's tokenizers (jtokkit). Models of the GPT-4o generation and later use
 * {@code o200k_base}; older ones {@code cl100k_base}, which also serves as the estimate for other
 * vendors' models. Thread-safe; encodings are loaded once.
 */
public final class TokenCounter {

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    /**
     * OpenAI's cookbook ("How to count tokens with tiktoken") counts 3 tokens of framing per chat
     * message and 3 to prime the reply.
     */
    private static final int TOKENS_PER_MESSAGE = 3;

    private static final int TOKENS_REPLY_PRIMER = 3;

    private TokenCounter() {}

    public static Encoding encodingFor(String model) {
        String m = model == null ? "" : model;
        boolean older = m.startsWith("gpt-4-")
                || m.equals("gpt-4")
                || m.startsWith("gpt-3.5")
                || m.startsWith("text-embedding-");
        return REGISTRY.getEncoding(older ? EncodingType.CL100K_BASE : EncodingType.O200K_BASE);
    }

    public static int count(String model, String text) {
        return text == null || text.isEmpty() ? 0 : encodingFor(model).countTokensOrdinary(text);
    }

    /**
     * Counts the prompt tokens of an OpenAI {@code messages} array: text content of every message
     * (string or text parts), tool call arguments, plus per-message framing. Documents (PDF
     * {@code file} parts) are estimated by {@link DocumentTokens}; images are not counted.
     */
    public static int countMessages(String model, JsonNode messages) {
        Encoding enc = encodingFor(model);
        int total = TOKENS_REPLY_PRIMER;
        for (JsonNode message : messages) {
            total += TOKENS_PER_MESSAGE;
            total += countText(enc, message.path("role").asText(""));
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                total += countText(enc, content.asText());
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    total += countText(enc, part.path("text").asText(""));
                    total += (int) DocumentTokens.of(part);
                }
            }
            for (JsonNode call : message.path("tool_calls")) {
                total += countText(enc, call.path("function").path("name").asText(""));
                total += countText(enc, call.path("function").path("arguments").asText(""));
            }
        }
        return total;
    }

    private static int countText(Encoding enc, String text) {
        return text.isEmpty() ? 0 : enc.countTokensOrdinary(text);
    }
}
