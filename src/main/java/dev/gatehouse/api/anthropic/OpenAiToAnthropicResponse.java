package dev.gatehouse.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.usage.Usage;

/**
 * Translates a canonical {@code chat.completion} into an Anthropic {@code message}: text and
 * tool calls become content blocks, the finish reason a stop reason, and usage is split the way
 * Anthropic reports it ({@code input_tokens} excludes cache reads and writes).
 */
public final class OpenAiToAnthropicResponse {

    private OpenAiToAnthropicResponse() {}

    public static ObjectNode translate(JsonNode completion, Usage usage) {
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        ObjectNode out = Json.object();
        out.put("id", messageId(completion.path("id").asText("")));
        out.put("type", "message");
        out.put("role", "assistant");
        out.put("model", completion.path("model").asText());
        ArrayNode content = out.putArray("content");
        String text = message.path("content").asText("");
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        for (JsonNode call : message.path("tool_calls")) {
            ObjectNode block = content.addObject();
            block.put("type", "tool_use");
            block.put("id", call.path("id").asText());
            block.put("name", call.path("function").path("name").asText());
            block.set("input", toolInput(call.path("function").path("arguments").asText("")));
        }
        out.put(
                "stop_reason",
                StopReasons.fromOpenAi(choice.path("finish_reason").asText(null)));
        out.putNull("stop_sequence");
        out.set("usage", usage(usage));
        return out;
    }

    static String messageId(String id) {
        return id.startsWith("msg_") ? id : "msg_" + id;
    }

    /** Tool input must be an object; arguments that do not parse as one become an empty object. */
    static JsonNode toolInput(String arguments) {
        return Json.tryParse(arguments).filter(JsonNode::isObject).orElseGet(Json::object);
    }

    static ObjectNode usage(Usage usage) {
        ObjectNode out = Json.object();
        out.put(
                "input_tokens",
                Math.max(0, usage.inputTokens() - usage.cachedInputTokens() - usage.cacheWriteTokens()));
        out.put("cache_creation_input_tokens", usage.cacheWriteTokens());
        out.put("cache_read_input_tokens", usage.cachedInputTokens());
        out.put("output_tokens", usage.outputTokens());
        return out;
    }
}
