package dev.gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.usage.TokenCounter;

/**
 * The gateway's own figures of a request's input tokens, made before dispatch so limits can reserve
 * tokens and routing can check context windows, over message text, tool-call arguments and tool
 * definitions (images are not counted). Two figures:
 * <ul>
 *   <li>{@link #count}: counted with OpenAI's tokenizers (exact for OpenAI models; for other
 *       vendors' models an estimate, typically within 10-20% since their tokenizers are not public).
 *       Costs microseconds per hundred tokens.
 *   <li>{@link #ceiling}: never less than the count (UTF-8 bytes instead of tokens, see
 *       {@link TokenCounter#ceiling}), about four times it for English, for the price of one pass
 *       over the characters. What limits and budgets reserve by default; the provider's real counts
 *       settle it.
 * </ul>
 *
 * <p>Each is computed on first use and kept on the exchange ({@link InputTokens}), so requests whose
 * stages never ask pay nothing.
 */
public final class TokenEstimate {

    private TokenEstimate() {}

    /** The counted input tokens, kept on the exchange. */
    public static long inputTokens(Exchange ex) {
        return InputTokens.of(ex).counted();
    }

    /**
     * Counts {@code request}'s input tokens now, without keeping the count: for a dispatcher
     * estimating the usage of an answer that reported none the way the request was estimated.
     */
    public static long count(CanonicalRequest request) {
        return walk(request, true);
    }

    /** A ceiling of {@link #count} that needs no tokenizer. */
    public static long ceiling(CanonicalRequest request) {
        return walk(request, false);
    }

    private static long walk(CanonicalRequest request, boolean exact) {
        JsonNode body = request.body();
        String model = request.model();
        switch (request.endpoint()) {
            case EMBEDDINGS -> {
                return countInput(model, body.path("input"), exact);
            }
            case COMPLETIONS -> {
                return countInput(model, body.path("prompt"), exact);
            }
            case RERANK -> {
                long tokens = text(model, body.path("query").asText(""), exact);
                for (JsonNode document : body.path("documents")) {
                    String text = RerankRequestValidator.documentText(document);
                    tokens += text == null ? 0 : text(model, text, exact);
                }
                return tokens;
            }
            case AUDIO_SPEECH -> {
                return text(model, body.path("input").asText(""), exact);
            }
            case IMAGES_GENERATIONS -> {
                return text(model, body.path("prompt").asText(""), exact);
            }
            case AUDIO_TRANSCRIPTIONS, AUDIO_TRANSLATIONS -> {
                // The audio is not read before dispatch; its cost is reserved by its length (UnitEstimate).
                return 0;
            }
            case CHAT_COMPLETIONS -> {}
        }
        JsonNode messages = body.path("messages");
        long tokens = exact ? TokenCounter.countMessages(model, messages) : TokenCounter.ceilingOfMessages(messages);
        JsonNode tools = body.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            tokens += text(model, tools.toString(), exact);
        }
        return tokens;
    }

    private static long text(String model, String text, boolean exact) {
        return exact ? TokenCounter.count(model, text) : TokenCounter.ceiling(text);
    }

    private static long countInput(String model, JsonNode input, boolean exact) {
        if (input.isTextual()) {
            return text(model, input.asText(), exact);
        }
        long tokens = 0;
        for (JsonNode item : input) {
            if (item.isTextual()) {
                tokens += text(model, item.asText(), exact);
            } else if (item.isArray()) {
                tokens += item.size();
            } else {
                tokens++;
            }
        }
        return tokens;
    }
}
