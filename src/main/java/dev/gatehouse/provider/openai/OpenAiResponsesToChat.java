package dev.gatehouse.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI Response object (its "Responses" API reference) as the canonical chat completion the
 * stages read (text, tool calls, finish reason, usage), with the Response itself kept as the
 * pass-through the Responses surface sends. Pure.
 */
final class OpenAiResponsesToChat {

    private OpenAiResponsesToChat() {}

    static Reply.Unary reply(String provider, Buffer body) {
        JsonNode response = Json.tryParse(body)
                .orElseThrow(() -> UpstreamFailures.badResponse(provider, "a response that is not valid JSON"));
        if (!response.path("object").asText().equals("response")
                || !response.path("output").isArray()) {
            throw UpstreamFailures.badResponse(provider, "JSON that is not an OpenAI /responses response");
        }
        Usage usage = usage(response.get("usage"));
        ObjectNode chat = Json.object()
                .put("id", response.path("id").asText())
                .put("object", "chat.completion")
                .put("created", response.path("created_at").asLong())
                .put("model", response.path("model").asText());
        ObjectNode choice = chat.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        StringBuilder text = new StringBuilder();
        ArrayNode calls = Json.MAPPER.createArrayNode();
        for (JsonNode item : response.path("output")) {
            if (item.path("type").asText().equals("message")) {
                for (JsonNode part : item.path("content")) {
                    text.append(part.path("text").asText(""));
                }
            } else if (item.path("type").asText().equals("function_call")) {
                ObjectNode call = calls.addObject()
                        .put("id", item.path("call_id").asText())
                        .put("type", "function");
                call.putObject("function")
                        .put("name", item.path("name").asText())
                        .put("arguments", item.path("arguments").asText());
            }
        }
        message.put("content", text.toString());
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        choice.put("finish_reason", finishReason(response, !calls.isEmpty()));
        if (usage != null) {
            chat.set("usage", usage.toOpenAi());
        }
        return new Reply.Unary(200, Json.encode(chat), usage == null ? Usage.NONE : usage, body);
    }

    /** The chat finish reason a Response's status and incomplete details mean. */
    static String finishReason(JsonNode response, boolean calledTools) {
        String reason = response.path("incomplete_details").path("reason").asText("");
        if (reason.equals("max_output_tokens")) {
            return "length";
        }
        if (reason.equals("content_filter")) {
            return "content_filter";
        }
        return calledTools ? "tool_calls" : "stop";
    }

    /** OpenAI's {@code ResponseUsage} in canonical counts; {@code null} when there is none. */
    static @Nullable Usage usage(@Nullable JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long output = usage.path("output_tokens").asLong(0);
        return new Usage(
                usage.path("input_tokens").asLong(0),
                usage.path("input_tokens_details").path("cached_tokens").asLong(0),
                0,
                0,
                output,
                Math.min(
                        output,
                        usage.path("output_tokens_details")
                                .path("reasoning_tokens")
                                .asLong(0)),
                false);
    }
}
