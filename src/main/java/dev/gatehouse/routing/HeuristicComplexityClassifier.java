package dev.gatehouse.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import java.util.List;
import java.util.Locale;

/**
 * The default classifier: scores the last user turn by length, code, signs of multi-step reasoning
 * and the presence of tools, and maps the score to a tier. Cheap string checks only; it reads the
 * text once.
 */
public final class HeuristicComplexityClassifier implements ComplexityClassifier {

    private static final List<String> REASONING_SIGNALS = List.of(
            "step by step",
            "step-by-step",
            "prove",
            "derive",
            "analyze",
            "analyse",
            "compare",
            "trade-off",
            "tradeoff",
            "design",
            "architecture",
            "optimize",
            "optimise",
            "debug",
            "explain why",
            "plan ",
            "evaluate",
            "refactor");
    private static final List<String> CODE_SIGNALS =
            List.of("```", "def ", "class ", "function ", "public static", "#include", "SELECT ", "=>");

    @Override
    public String classify(CanonicalRequest request, long inputTokens) {
        String text = lastUserText(request.body().path("messages"));
        String lower = text.toLowerCase(Locale.ROOT);
        int score = 0;
        if (inputTokens > 2000) {
            score += 2;
        } else if (inputTokens > 300) {
            score += 1;
        }
        for (String signal : CODE_SIGNALS) {
            if (text.contains(signal)) {
                score += 2;
                break;
            }
        }
        int reasoning = 0;
        for (String signal : REASONING_SIGNALS) {
            if (lower.contains(signal)) {
                reasoning++;
            }
        }
        score += Math.min(reasoning, 3);
        if (request.body().path("tools").size() > 0) {
            score += 1;
        }
        if (score >= 4) {
            return "complex";
        }
        return score >= 2 ? "medium" : "simple";
    }

    private static String lastUserText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if (message.path("role").asText().equals("user")) {
                JsonNode content = message.path("content");
                if (content.isTextual()) {
                    return content.asText();
                }
                StringBuilder text = new StringBuilder();
                for (JsonNode part : content) {
                    text.append(part.path("text").asText("")).append('\n');
                }
                return text.toString();
            }
        }
        return "";
    }
}
