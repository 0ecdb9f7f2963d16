package dev.gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.usage.TokenCounter;

/**
 * The gateway's own count of a request's input tokens, made before dispatch so limits can reserve
 * tokens and routing can check context windows. Counted with OpenAI's tokenizers (exact for OpenAI
 * models; for other vendors' models an estimate, typically within 10-20% since their tokenizers are
 * not public), over message text, tool-call arguments and tool definitions. Images are not counted.
 *
 * <p>Computed on first use and kept on the exchange, so requests whose stages never ask pay nothing.
 */
public final class TokenEstimate {

    private static final Exchange.Key<Long> KEY = Exchange.Key.of("input-token-estimate");

    private TokenEstimate() {}

    public static long inputTokens(Exchange ex) {
        Long cached = ex.find(KEY);
        if (cached != null) {
            return cached;
        }
        long tokens = count(ex.get(CanonicalRequest.KEY));
        ex.put(KEY, tokens);
        return tokens;
    }

    /**
     * Counts {@code request}'s input tokens now, without keeping the count: for a dispatcher
     * estimating the usage of an answer that reported none the way the request was estimated.
     */
    public static long count(CanonicalRequest request) {
        JsonNode body = request.body();
        switch (request.endpoint()) {
            case EMBEDDINGS -> {
                return countInput(request.model(), body.path("input"));
            }
            case COMPLETIONS -> {
                return countInput(request.model(), body.path("prompt"));
            }
            case RERANK -> {
                long tokens =
                        TokenCounter.count(request.model(), body.path("query").asText(""));
                for (JsonNode document : body.path("documents")) {
                    String text = RerankRequestValidator.documentText(document);
                    tokens += text == null ? 0 : TokenCounter.count(request.model(), text);
                }
                return tokens;
            }
            case AUDIO_SPEECH -> {
                return TokenCounter.count(request.model(), body.path("input").asText(""));
            }
            case IMAGES_GENERATIONS -> {
                return TokenCounter.count(request.model(), body.path("prompt").asText(""));
            }
            case AUDIO_TRANSCRIPTIONS, AUDIO_TRANSLATIONS -> {
                // The audio is not read before dispatch; its cost is reserved by its length (UnitEstimate).
                return 0;
            }
            case CHAT_COMPLETIONS -> {}
        }
        long tokens = TokenCounter.countMessages(request.model(), body.path("messages"));
        JsonNode tools = body.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            tokens += TokenCounter.count(request.model(), tools.toString());
        }
        return tokens;
    }

    private static long countInput(String model, JsonNode input) {
        if (input.isTextual()) {
            return TokenCounter.count(model, input.asText());
        }
        long tokens = 0;
        for (JsonNode item : input) {
            if (item.isTextual()) {
                tokens += TokenCounter.count(model, item.asText());
            } else if (item.isArray()) {
                tokens += item.size();
            } else {
                tokens++;
            }
        }
        return tokens;
    }
}
