package dev.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.ImageSource;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns OpenAI chat {@code messages} into Gemini's {@code systemInstruction} and {@code contents}
 * (GenerateContentRequest and Content in Google's generative_service.proto / content.proto):
 *
 * <ul>
 *   <li>system and developer messages become the text parts of {@code systemInstruction}, which
 *       Gemini holds apart from the conversation ("Currently, text only");
 *   <li>user messages become {@code user} turns with {@code text} and {@code inlineData} parts;
 *   <li>assistant messages become {@code model} turns with {@code text} and {@code functionCall}
 *       parts, the call's thought signature restored from its id ({@link GeminiToolCallIds});
 *   <li>tool results become {@code functionResponse} parts of a {@code user} turn, named after the
 *       assistant call they answer, since a Gemini function response is matched by name;
 *   <li>consecutive turns of the same role are merged, so parallel calls and their results each
 *       form one turn as the function-calling guide shows them.
 * </ul>
 *
 * <p>Pure and stateless; requests it cannot express fail with {@link GatewayError#invalid}.
 */
final class OpenAiToGeminiContents {

    /** @param systemInstruction {@code null} when the request has no system or developer message */
    record Translated(@Nullable ObjectNode systemInstruction, ArrayNode contents) {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenAiToGeminiContents() {}

    static Translated of(JsonNode messages) {
        ArrayNode systemParts = NODES.arrayNode();
        ArrayNode contents = NODES.arrayNode();
        Map<String, String> callNames = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[" + i + "]";
            switch (message.path("role").asText()) {
                case "system", "developer" -> addText(systemParts, message.get("content"), param, false);
                case "user" -> append(contents, "user", userParts(message.get("content"), param));
                case "assistant" -> append(contents, "model", modelParts(message, param, callNames));
                case "tool" -> append(contents, "user", toolResult(message, param, callNames));
                case "function" ->
                    append(
                            contents,
                            "user",
                            functionResponse(message.path("name").asText(""), message.get("content")));
                default ->
                    throw GatewayError.invalid(
                            "Unsupported role '" + message.path("role").asText() + "'.", param + ".role");
            }
        }
        ObjectNode system = null;
        if (!systemParts.isEmpty()) {
            system = NODES.objectNode();
            system.set("parts", systemParts);
        }
        return new Translated(system, contents);
    }

    private static void append(ArrayNode contents, String role, ArrayNode parts) {
        if (parts.isEmpty()) {
            return;
        }
        JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            ((ArrayNode) last.get("parts")).addAll(parts);
            return;
        }
        ObjectNode turn = contents.addObject();
        turn.put("role", role);
        turn.set("parts", parts);
    }

    private static ArrayNode userParts(JsonNode content, String param) {
        ArrayNode parts = NODES.arrayNode();
        addText(parts, content, param, true);
        return parts;
    }

    /**
     * Adds the text (and, where allowed, image) parts of an OpenAI {@code content}. Empty texts are
     * left out: Gemini has nothing to gain from them and a turn may not consist of empty parts.
     */
    private static void addText(ArrayNode parts, JsonNode content, String param, boolean imagesAllowed) {
        if (content == null || content.isNull()) {
            return;
        }
        if (content.isTextual()) {
            addTextPart(parts, content.asText());
            return;
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partParam = param + ".content[" + j + "]";
            String type = part.path("type").asText();
            if (type.equals("text")) {
                addTextPart(parts, part.path("text").asText(""));
            } else if (type.equals("image_url") && imagesAllowed) {
                parts.add(image(part.path("image_url").path("url").asText(""), partParam));
            } else {
                throw GatewayError.invalid(
                        "Content parts of type '" + type + "' are not supported here by Gemini"
                                + (imagesAllowed ? " (text and image_url are)." : " (only text is)."),
                        partParam + ".type");
            }
        }
    }

    private static void addTextPart(ArrayNode parts, String text) {
        if (!text.isEmpty()) {
            parts.addObject().put("text", text);
        }
    }

    /**
     * Gemini takes image bytes inline ({@code inlineData}: mimeType and base64 data). A remote URL is
     * refused rather than fetched: the gateway does not download on a client's behalf, and the
     * reference gives no confirmed request shape for passing Gemini a plain http(s) URL.
     */
    private static ObjectNode image(String url, String param) {
        ImageSource source = ImageSource.parse(url)
                .orElseThrow(() -> GatewayError.invalid(
                        "The image data URL is malformed; expected data:<media type>;base64,<data>.",
                        param + ".image_url.url"));
        if (!source.isInline()) {
            throw GatewayError.invalid(
                    "Gemini accepts images only as inline data: send the image as a base64 data URL "
                            + "(data:image/png;base64,...) instead of a remote URL.",
                    param + ".image_url.url");
        }
        ObjectNode part = NODES.objectNode();
        ObjectNode inline = part.putObject("inlineData");
        inline.put("mimeType", source.mediaType());
        inline.put("data", source.base64());
        return part;
    }

    private static ArrayNode modelParts(JsonNode message, String param, Map<String, String> callNames) {
        ArrayNode parts = NODES.arrayNode();
        addText(parts, message.get("content"), param, false);
        JsonNode calls = message.path("tool_calls");
        for (int j = 0; j < calls.size(); j++) {
            JsonNode call = calls.get(j);
            String callParam = param + ".tool_calls[" + j + "]";
            if (!call.path("type").asText("function").equals("function")) {
                throw GatewayError.invalid("Gemini supports only function tool calls.", callParam + ".type");
            }
            String name = call.path("function").path("name").asText("");
            String id = call.path("id").asText("");
            callNames.put(id, name);
            ObjectNode part =
                    functionCall(name, call.path("function").get("arguments"), callParam + ".function.arguments");
            String signature = GeminiToolCallIds.signatureOf(id);
            if (signature != null) {
                part.put("thoughtSignature", signature);
            }
            parts.add(part);
        }
        JsonNode legacy = message.get("function_call");
        if (legacy != null && legacy.isObject()) {
            parts.add(functionCall(
                    legacy.path("name").asText(""), legacy.get("arguments"), param + ".function_call.arguments"));
        }
        return parts;
    }

    /** Gemini's {@code args} is a JSON object (a protobuf Struct), where OpenAI sends a JSON string. */
    private static ObjectNode functionCall(String name, JsonNode arguments, String param) {
        String text = arguments == null || arguments.isNull() ? "" : arguments.asText();
        JsonNode args =
                text.isBlank() ? NODES.objectNode() : Json.tryParse(text).orElse(null);
        if (args == null || !args.isObject()) {
            throw GatewayError.invalid("Tool call arguments must be a JSON object for Gemini.", param);
        }
        ObjectNode part = NODES.objectNode();
        ObjectNode call = part.putObject("functionCall");
        call.put("name", name);
        call.set("args", args);
        return part;
    }

    private static ArrayNode toolResult(JsonNode message, String param, Map<String, String> callNames) {
        String id = message.path("tool_call_id").asText();
        String name = callNames.get(id);
        if (name == null) {
            throw GatewayError.invalid(
                    "Tool message answers tool call '" + id
                            + "', which no earlier assistant message made; Gemini needs the function's name.",
                    param + ".tool_call_id");
        }
        return functionResponse(name, message.get("content"));
    }

    /**
     * Gemini's {@code functionResponse.response} must be a JSON object (protobuf Struct). A result
     * that is itself a JSON object goes as is; anything else is wrapped as {@code {"content": ...}}.
     */
    private static ArrayNode functionResponse(String name, JsonNode content) {
        String text = contentText(content);
        JsonNode parsed = Json.tryParse(text).orElse(null);
        ObjectNode response;
        if (parsed != null && parsed.isObject()) {
            response = (ObjectNode) parsed;
        } else {
            response = NODES.objectNode();
            response.put("content", text);
        }
        ArrayNode parts = NODES.arrayNode();
        ObjectNode call = parts.addObject().putObject("functionResponse");
        call.put("name", name);
        call.set("response", response);
        return parts;
    }

    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }
}
