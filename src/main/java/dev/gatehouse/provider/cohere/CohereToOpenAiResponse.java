package dev.gatehouse.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.ChatCompletions;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Translates a non-streamed Cohere v2 chat response ({@code {"id", "finish_reason", "message":
 * {"role", "content": [{"type": "text", "text"}], "tool_plan", "tool_calls", "citations"},
 * "usage"}}, v2 Chat reference) into an OpenAI {@code chat.completion}. Citations and thinking
 * blocks have no OpenAI field and are left out. Pure and thread-safe.
 */
final class CohereToOpenAiResponse {

    private CohereToOpenAiResponse() {}

    /**
     * @param model the model name the answer reports: the one the provider was asked for
     * @throws dev.gatehouse.error.GatewayError 502 when the body is not a Cohere chat response;
     *     the mapped error when the generation ended with ERROR or TIMEOUT
     */
    static Reply.Unary of(String provider, String model, Buffer body) {
        JsonNode json = Json.tryParse(body)
                .orElseThrow(() -> UpstreamFailures.badResponse(provider, "a response that is not valid JSON"));
        JsonNode message = json.path("message");
        if (!json.isObject()
                || !message.isObject()
                || !json.path("finish_reason").isTextual()) {
            throw UpstreamFailures.badResponse(provider, "JSON that is not a Cohere v2 chat response");
        }
        String finishReason = json.get("finish_reason").asText();
        if (CohereFinishReason.isFailure(finishReason)) {
            throw CohereErrors.generationFailed(provider, finishReason, null);
        }
        Usage usage = CohereUsage.of(json.get("usage"));
        // usage is optional in the v2 response schema; an answer without it carries no usage
        // rather than zeros that would read as a free request.
        ObjectNode completion = ChatCompletions.completion(id(json), ChatCompletions.now(), model, usage);
        JsonNode calls = message.path("tool_calls");
        boolean hasCalls = calls.isArray() && !calls.isEmpty();
        ObjectNode out = ChatCompletions.addChoice(
                completion, 0, content(message, hasCalls), CohereFinishReason.toOpenAi(finishReason, hasCalls));
        if (hasCalls) {
            for (JsonNode call : calls) {
                ChatCompletions.addToolCall(
                        out,
                        call.path("id").asText(),
                        call.path("function").path("name").asText(),
                        call.path("function").path("arguments").asText("{}"));
            }
        }
        return new Reply.Unary(200, Json.encode(completion), usage == null ? Usage.NONE : usage);
    }

    /** Keeps Cohere's id ("useful for submitting feedback") inside an OpenAI-shaped one. */
    static String id(JsonNode json) {
        String id = json.path("id").asText("");
        return id.isEmpty() ? ChatCompletions.newId() : "chatcmpl-" + id;
    }

    /**
     * The text blocks joined. With tool calls and no text, the answer's text is the
     * {@code tool_plan}, "a chain-of-thought style reflection and plan that the model generates
     * when working with Tools" (v2 Chat reference): the words an OpenAI model says before its
     * calls. Sent back as assistant content, it returns to Cohere as the tool plan.
     */
    private static @Nullable String content(JsonNode message, boolean hasCalls) {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : message.path("content")) {
            if (block.path("type").asText().equals("text")) {
                text.append(block.path("text").asText());
            }
        }
        if (text.length() == 0 && hasCalls) {
            String plan = message.path("tool_plan").asText("");
            return plan.isEmpty() ? null : plan;
        }
        return text.toString();
    }
}
