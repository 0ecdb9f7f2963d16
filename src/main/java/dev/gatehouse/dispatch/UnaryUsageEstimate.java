package dev.gatehouse.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
import dev.gatehouse.api.TokenEstimate;
import dev.gatehouse.json.Json;
import dev.gatehouse.json.MalformedJsonException;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.usage.TokenCounter;
import dev.gatehouse.usage.Usage;

/**
 * Estimates the usage of a JSON answer whose provider reported none, the way a streamed answer
 * without usage is estimated, and marks it as estimated. A chat answer is charged the prompt's
 * tokens and the tokens of the text and tool calls answered; an embeddings answer its input's
 * tokens, counted as the limits stage counts them before dispatch. Without it such an answer was
 * recorded as 0 tokens costing $0 and taken for exact.
 *
 * <p>The estimate also goes into the body the client receives, as OpenAI's {@code usage} object, so
 * a client that reads usage from the answer sees what it is charged; the {@code
 * x-gatehouse-usage-estimated} header (set by {@code metering.Account}) says it is an estimate,
 * since OpenAI's object has no field for that.
 */
final class UnaryUsageEstimate {

    private UnaryUsageEstimate() {}

    /**
     * {@code reply} as it is when its provider reported usage, else with the estimate in its usage
     * and its body. Adapters give {@link Usage#NONE} when the answer carries no usage; an answer of
     * zero prompt and zero output tokens cannot be real (every prompt has framing tokens, every
     * embedding an input), so it means the same.
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
        if (!(body instanceof ObjectNode answer)) {
            return reply;
        }
        Usage estimate;
        ObjectNode usage;
        if (request.endpoint() == Endpoint.EMBEDDINGS) {
            long input = TokenEstimate.count(request);
            estimate = new Usage(input, 0, 0, 0, true);
            // OpenAI's embeddings usage has only these two fields.
            usage = Json.object().put("prompt_tokens", input).put("total_tokens", input);
        } else {
            long input =
                    TokenCounter.countMessages(request.model(), request.body().path("messages"));
            long output = TokenCounter.count(request.model(), answered(answer));
            estimate = new Usage(input, 0, 0, output, true);
            usage = estimate.toOpenAi();
        }
        answer.set("usage", usage);
        return new Reply.Unary(unary.status(), Json.encode(answer), estimate, unary.passthrough());
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
