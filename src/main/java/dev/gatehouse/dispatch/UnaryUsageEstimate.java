package dev.gatehouse.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.MalformedJsonException;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.usage.TokenCounter;
import dev.gatehouse.usage.Usage;

/**
 * Estimates the usage of a JSON chat answer whose provider reported none, the way a streamed answer
 * without usage is estimated: the prompt's tokens and the tokens of the text and tool calls
 * answered, marked as estimated. Without it such an answer was recorded as 0 tokens costing $0 and
 * taken for exact.
 */
final class UnaryUsageEstimate {

    private UnaryUsageEstimate() {}

    /**
     * {@code reply} as it is when its provider reported usage, else with the estimate. Adapters give
     * {@link Usage#NONE} when the answer carries no usage; a chat answer of zero prompt and zero
     * output tokens cannot be real (every prompt has framing tokens), so it means the same.
     */
    static Reply orEstimate(CanonicalRequest request, Reply reply) {
        if (!(reply instanceof Reply.Unary unary) || unary.status() / 100 != 2 || !Usage.NONE.equals(unary.usage())) {
            return reply;
        }
        JsonNode body;
        try {
            body = Json.parse(unary.body());
        } catch (MalformedJsonException e) {
            return reply;
        }
        long input = TokenCounter.countMessages(request.model(), request.body().path("messages"));
        long output = TokenCounter.count(request.model(), answered(body));
        return new Reply.Unary(unary.status(), unary.body(), new Usage(input, 0, 0, output, true), unary.passthrough());
    }

    /** The text and tool calls of every choice, as a stream's estimate collects them from deltas. */
    private static String answered(JsonNode completion) {
        StringBuilder text = new StringBuilder();
        for (JsonNode choice : completion.path("choices")) {
            AnsweredText.append(text, choice.path("message"));
        }
        return text.toString();
    }
}
