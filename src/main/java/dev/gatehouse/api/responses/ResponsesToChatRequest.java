package dev.gatehouse.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A checked Responses request as the canonical chat-completions request, so every provider adapter
 * and every stage serve it unchanged. Pure: the client's body is not touched.
 *
 * <p>Mapping (OpenAI's "Migrate to the Responses API" guide): {@code instructions} is the system
 * message; input messages become chat messages; consecutive {@code function_call} items become the
 * {@code tool_calls} of one assistant message (parallel calls) and each {@code function_call_output}
 * a {@code tool} message; function tools move their fields under {@code function}; {@code text.format}
 * becomes {@code response_format}; {@code max_output_tokens} becomes {@code max_completion_tokens};
 * {@code reasoning.effort} becomes {@code reasoning_effort}.
 */
public final class ResponsesToChatRequest {

    private ResponsesToChatRequest() {}

    /**
     * @param history the items of the responses this one continues ({@code previous_response_id}),
     *     oldest first: each one's input items then its output items
     */
    public static ObjectNode translate(ObjectNode body, List<? extends JsonNode> history) {
        ObjectNode chat = Json.object();
        chat.put("model", body.path("model").asText());
        ArrayNode messages = chat.putArray("messages");
        JsonNode instructions = body.get("instructions");
        if (instructions != null
                && instructions.isTextual()
                && !instructions.asText().isEmpty()) {
            messages.addObject().put("role", "system").put("content", instructions.asText());
        }
        for (JsonNode item : history) {
            addItem(messages, item);
        }
        JsonNode input = body.path("input");
        if (input.isTextual()) {
            messages.addObject().put("role", "user").put("content", input.asText());
        } else {
            for (JsonNode item : input) {
                addItem(messages, item);
            }
        }
        tools(body, chat);
        copy(body, "parallel_tool_calls", chat, "parallel_tool_calls");
        copy(body, "temperature", chat, "temperature");
        copy(body, "top_p", chat, "top_p");
        copy(body, "max_output_tokens", chat, "max_completion_tokens");
        copy(body, "user", chat, "user");
        copy(body.path("reasoning"), "effort", chat, "reasoning_effort");
        responseFormat(body.path("text").path("format"), chat);
        if (body.path("stream").asBoolean(false)) {
            chat.put("stream", true);
            chat.putObject("stream_options").put("include_usage", true);
        }
        return chat;
    }

    private static void addItem(ArrayNode messages, JsonNode item) {
        switch (ResponsesInput.type(item)) {
            case "message" -> messages.add(message(item));
            case "function_call" -> {
                ObjectNode call =
                        Json.object().put("id", item.path("call_id").asText()).put("type", "function");
                call.putObject("function")
                        .put("name", item.path("name").asText())
                        .put("arguments", item.path("arguments").asText());
                assistantTurn(messages).withArray("tool_calls").add(call);
            }
            case "function_call_output" ->
                messages.addObject()
                        .put("role", "tool")
                        .put("tool_call_id", item.path("call_id").asText())
                        .put("content", text(item.path("output")));
            default -> {
                // reasoning items: another provider cannot take them back (see ResponsesInput)
            }
        }
    }

    /** The assistant message a function call belongs to: the last message when it is the assistant's. */
    private static ObjectNode assistantTurn(ArrayNode messages) {
        if (!messages.isEmpty()) {
            JsonNode last = messages.get(messages.size() - 1);
            if (last.path("role").asText().equals("assistant")) {
                return (ObjectNode) last;
            }
        }
        return messages.addObject().put("role", "assistant").putNull("content");
    }

    private static ObjectNode message(JsonNode item) {
        String role = item.path("role").asText();
        // Not every provider's translation knows OpenAI's newer 'developer' role; it means 'system'.
        ObjectNode message = Json.object().put("role", role.equals("developer") ? "system" : role);
        JsonNode content = item.path("content");
        if (content.isTextual() || !role.equals("user")) {
            message.put("content", text(content));
            return message;
        }
        ArrayNode parts = message.putArray("content");
        for (JsonNode part : content) {
            if (part.path("type").asText().equals("input_image")) {
                ObjectNode image = parts.addObject().put("type", "image_url").putObject("image_url");
                image.put("url", part.path("image_url").asText());
                if (part.path("detail").isTextual()) {
                    image.put("detail", part.path("detail").asText());
                }
            } else {
                parts.addObject().put("type", "text").put("text", partText(part));
            }
        }
        return message;
    }

    /** A string, or the text parts of an array joined (assistant and system turns carry text only). */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : content) {
            out.append(partText(part));
        }
        return out.toString();
    }

    private static String partText(JsonNode part) {
        return part.path("type").asText().equals("refusal")
                ? part.path("refusal").asText()
                : part.path("text").asText("");
    }

    private static void tools(ObjectNode body, ObjectNode chat) {
        JsonNode tools = body.path("tools");
        if (tools.isArray() && !tools.isEmpty()) {
            ArrayNode out = chat.putArray("tools");
            for (JsonNode tool : tools) {
                ObjectNode function = out.addObject().put("type", "function").putObject("function");
                function.put("name", tool.path("name").asText());
                copy(tool, "description", function, "description");
                copy(tool, "parameters", function, "parameters");
                copy(tool, "strict", function, "strict");
            }
        }
        JsonNode choice = body.path("tool_choice");
        if (choice.isTextual()) {
            chat.put("tool_choice", choice.asText());
        } else if (choice.isObject()) {
            chat.putObject("tool_choice")
                    .put("type", "function")
                    .putObject("function")
                    .put("name", choice.path("name").asText());
        }
    }

    private static void responseFormat(JsonNode format, ObjectNode chat) {
        switch (format.path("type").asText("")) {
            case "json_object" -> chat.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                ObjectNode schema = chat.putObject("response_format")
                        .put("type", "json_schema")
                        .putObject("json_schema");
                schema.put("name", format.path("name").asText());
                copy(format, "description", schema, "description");
                copy(format, "schema", schema, "schema");
                copy(format, "strict", schema, "strict");
            }
            default -> {
                // 'text' is what chat completions does without a response_format
            }
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        @Nullable JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(as, value.deepCopy());
        }
    }
}
