package dev.gatehouse.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * Translates an Anthropic Messages request into the canonical (OpenAI chat) request, following
 * Anthropic's Messages API reference: {@code system} becomes the first message, {@code tool_use}
 * blocks become assistant {@code tool_calls}, {@code tool_result} blocks become {@code tool}
 * messages, images become {@code image_url} parts (base64 sources as data URLs), documents become
 * the parts {@link AnthropicDocuments} chooses.
 */
final class AnthropicToOpenAiRequest {

    private AnthropicToOpenAiRequest() {}

    static ObjectNode translate(ObjectNode in) {
        ObjectNode out = Json.object();
        out.put("model", in.path("model").asText());
        ArrayNode messages = out.putArray("messages");
        String system = systemText(in.get("system"));
        if (system != null) {
            messages.addObject().put("role", "system").put("content", system);
        }
        for (JsonNode message : in.path("messages")) {
            if (message.path("role").asText().equals("assistant")) {
                addAssistant(messages, message.get("content"));
            } else {
                addUser(messages, message.get("content"));
            }
        }
        copy(in, out, "max_tokens", "max_tokens");
        copy(in, out, "temperature", "temperature");
        copy(in, out, "top_p", "top_p");
        copy(in, out, "stop_sequences", "stop");
        if (in.path("stream").asBoolean(false)) {
            out.put("stream", true);
            out.putObject("stream_options").put("include_usage", true);
        }
        if (in.path("metadata").path("user_id").isTextual()) {
            out.put("user", in.path("metadata").path("user_id").asText());
        }
        addTools(in, out);
        return out;
    }

    private static @Nullable String systemText(@Nullable JsonNode system) {
        if (system == null || system.isNull()) {
            return null;
        }
        if (system.isTextual()) {
            return system.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : system) {
            if (block.path("type").asText().equals("text")) {
                if (text.length() > 0) {
                    text.append("\n\n");
                }
                text.append(block.path("text").asText());
            }
        }
        return text.toString();
    }

    private static void addUser(ArrayNode messages, JsonNode content) {
        if (content.isTextual()) {
            messages.addObject().put("role", "user").put("content", content.asText());
            return;
        }
        ArrayNode parts = Json.MAPPER.createArrayNode();
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "text" ->
                    parts.addObject()
                            .put("type", "text")
                            .put("text", block.path("text").asText());
                case "image" -> parts.add(imagePart(block.path("source")));
                case "document" -> AnthropicDocuments.addParts(parts, block);
                // A tool result answers the assistant turn before it, so it goes out first as a tool message.
                case "tool_result" ->
                    messages.addObject()
                            .put("role", "tool")
                            .put("tool_call_id", block.path("tool_use_id").asText())
                            .put("content", toolResultText(block.get("content")));
                default ->
                    throw AnthropicRequestReader.invalid(
                            "Content blocks of type '" + block.path("type").asText()
                                    + "' are not supported by this gateway",
                            "messages");
            }
        }
        if (!parts.isEmpty()) {
            ObjectNode user = messages.addObject().put("role", "user");
            if (parts.size() == 1 && parts.get(0).path("type").asText().equals("text")) {
                user.put("content", parts.get(0).path("text").asText());
            } else {
                user.set("content", parts);
            }
        }
    }

    static ObjectNode imagePart(JsonNode source) {
        String url = source.path("type").asText().equals("base64")
                ? "data:" + source.path("media_type").asText() + ";base64,"
                        + source.path("data").asText()
                : source.path("url").asText();
        ObjectNode part = Json.object().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    private static String toolResultText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if (block.path("type").asText().equals("text")) {
                text.append(block.path("text").asText());
            }
        }
        return text.toString();
    }

    private static void addAssistant(ArrayNode messages, JsonNode content) {
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        if (content.isTextual()) {
            assistant.put("content", content.asText());
            return;
        }
        StringBuilder text = new StringBuilder();
        ArrayNode calls = null;
        for (JsonNode block : content) {
            String type = block.path("type").asText();
            if (type.equals("text")) {
                text.append(block.path("text").asText());
            } else if (type.equals("tool_use")) {
                calls = calls == null ? assistant.putArray("tool_calls") : calls;
                ObjectNode call = calls.addObject();
                call.put("id", block.path("id").asText());
                call.put("type", "function");
                call.putObject("function")
                        .put("name", block.path("name").asText())
                        .put("arguments", Json.encode(block.path("input")).toString());
            }
            // Thinking blocks are the model's own notes; other providers cannot take them back.
        }
        if (text.length() > 0 || calls == null) {
            assistant.put("content", text.toString());
        } else {
            assistant.putNull("content");
        }
    }

    private static void addTools(ObjectNode in, ObjectNode out) {
        JsonNode tools = in.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode openAiTools = out.putArray("tools");
            for (JsonNode tool : tools) {
                ObjectNode function =
                        openAiTools.addObject().put("type", "function").putObject("function");
                function.put("name", tool.path("name").asText());
                if (tool.has("description")) {
                    function.put("description", tool.path("description").asText());
                }
                function.set(
                        "parameters",
                        tool.has("input_schema")
                                ? tool.get("input_schema")
                                : Json.object().put("type", "object"));
            }
        }
        JsonNode choice = in.get("tool_choice");
        if (choice == null || !choice.isObject()) {
            return;
        }
        switch (choice.path("type").asText()) {
            case "auto" -> out.put("tool_choice", "auto");
            case "any" -> out.put("tool_choice", "required");
            case "none" -> out.put("tool_choice", "none");
            case "tool" ->
                out.putObject("tool_choice")
                        .put("type", "function")
                        .putObject("function")
                        .put("name", choice.path("name").asText());
            default -> {}
        }
        if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
            out.put("parallel_tool_calls", false);
        }
    }

    private static void copy(ObjectNode in, ObjectNode out, String from, String to) {
        JsonNode value = in.get(from);
        if (value != null && !value.isNull()) {
            out.set(to, value);
        }
    }
}
