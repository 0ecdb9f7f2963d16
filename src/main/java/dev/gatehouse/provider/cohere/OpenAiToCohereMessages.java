package dev.gatehouse.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.ImageSource;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;

/**
 * Translates OpenAI chat {@code messages} into Cohere v2 {@code messages}. The roles map nearly one
 * to one (v2 Chat reference, ChatMessageV2): system, user, assistant (with {@code tool_calls} and
 * {@code tool_plan}) and tool (with {@code tool_call_id}); OpenAI's {@code developer} role is a
 * system message. Pure; never mutates its input.
 */
final class OpenAiToCohereMessages {

    private OpenAiToCohereMessages() {}

    static ArrayNode of(JsonNode messages) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[" + i + "]";
            String role = message.path("role").asText();
            switch (role) {
                case "system", "developer" -> out.add(system(message, param));
                case "user" -> out.add(user(message, param));
                case "assistant" -> out.add(assistant(message, param));
                case "tool" -> out.add(tool(message, param));
                default ->
                    throw GatewayError.invalid(
                            "Cohere has no equivalent of the '" + role
                                    + "' role; send tool results as 'tool' messages with a tool_call_id.",
                            param + ".role");
            }
        }
        return out;
    }

    private static ObjectNode system(JsonNode message, String param) {
        ObjectNode out = Json.object();
        out.put("role", "system");
        out.set("content", textContent(message.get("content"), param));
        return out;
    }

    private static ObjectNode user(JsonNode message, String param) {
        ObjectNode out = Json.object();
        out.put("role", "user");
        JsonNode content = message.get("content");
        if (content == null || !content.isArray()) {
            out.put("content", content == null || content.isNull() ? "" : content.asText());
            return out;
        }
        ArrayNode parts = out.putArray("content");
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partParam = param + ".content[" + j + "]";
            String type = part.path("type").asText();
            if (type.equals("text")) {
                parts.addObject()
                        .put("type", "text")
                        .put("text", part.path("text").asText());
            } else if (type.equals("image_url")) {
                parts.add(image(part.path("image_url"), partParam));
            } else {
                throw GatewayError.invalid(
                        "Cohere accepts only text and image_url content parts, not '" + type + "'.", partParam);
            }
        }
        return out;
    }

    /**
     * Cohere takes OpenAI's image part as is: {@code {"type": "image_url", "image_url": {"url",
     * "detail"}}}, where the URL "can be either a base64 data URI or a web URL" and detail is
     * auto, low or high (v2 Chat reference, ImageUrl).
     */
    private static ObjectNode image(JsonNode imageUrl, String param) {
        String url = imageUrl.path("url").asText("");
        if (url.isEmpty() || ImageSource.parse(url).isEmpty()) {
            throw GatewayError.invalid(
                    "Invalid image: expected a web URL or a base64 data URL (data:image/...;base64,...).",
                    param + ".image_url.url");
        }
        ObjectNode out = Json.object();
        out.put("type", "image_url");
        ObjectNode image = out.putObject("image_url");
        image.put("url", url);
        if (imageUrl.path("detail").isTextual()) {
            image.put("detail", imageUrl.get("detail").asText());
        }
        return out;
    }

    /**
     * Cohere rejects an assistant turn that carries both text and tool calls ("text content is not
     * allowed when tool_calls are provided. If you wish to pass a tool plan ... use 'tool_plan'",
     * vercel/ai issue #5794). The text an OpenAI client sends beside its tool calls is the
     * model's reasoning before the calls, which is what Cohere's {@code tool_plan} holds (answers
     * carry it back the same way, see {@link CohereToOpenAiResponse}).
     */
    private static ObjectNode assistant(JsonNode message, String param) {
        ObjectNode out = Json.object();
        out.put("role", "assistant");
        String text = joinedText(message.get("content"), param);
        JsonNode calls = message.path("tool_calls");
        if (calls.isArray() && !calls.isEmpty()) {
            if (!text.isEmpty()) {
                out.put("tool_plan", text);
            }
            ArrayNode toolCalls = out.putArray("tool_calls");
            for (JsonNode call : calls) {
                ObjectNode toolCall = toolCalls.addObject();
                toolCall.put("id", call.path("id").asText());
                toolCall.put("type", "function");
                ObjectNode function = toolCall.putObject("function");
                function.put("name", call.path("function").path("name").asText());
                function.put(
                        "arguments", call.path("function").path("arguments").asText("{}"));
            }
        } else {
            out.put("content", text);
        }
        return out;
    }

    /** Tool output is "a JSON object string, or a list of tool content blocks" (v2 Chat reference). */
    private static ObjectNode tool(JsonNode message, String param) {
        ObjectNode out = Json.object();
        out.put("role", "tool");
        out.put("tool_call_id", message.path("tool_call_id").asText());
        out.set("content", textContent(message.get("content"), param));
        return out;
    }

    /** A string stays a string; an array of text parts becomes Cohere text blocks. */
    private static JsonNode textContent(JsonNode content, String param) {
        if (content == null || content.isNull()) {
            return Json.MAPPER.getNodeFactory().textNode("");
        }
        if (!content.isArray()) {
            return Json.MAPPER.getNodeFactory().textNode(content.asText());
        }
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        for (int j = 0; j < content.size(); j++) {
            blocks.addObject().put("type", "text").put("text", partText(content.get(j), param + ".content[" + j + "]"));
        }
        return blocks;
    }

    private static String joinedText(JsonNode content, String param) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (!content.isArray()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            // An assistant's refusal part is text the model said; Cohere has no separate field for it.
            text.append(
                    part.path("type").asText().equals("refusal")
                            ? part.path("refusal").asText()
                            : partText(part, param + ".content[" + j + "]"));
        }
        return text.toString();
    }

    private static String partText(JsonNode part, String param) {
        if (!part.path("type").asText().equals("text")) {
            throw GatewayError.invalid(
                    "Cohere accepts only text content parts here, not '"
                            + part.path("type").asText() + "'.",
                    param);
        }
        return part.path("text").asText();
    }
}
