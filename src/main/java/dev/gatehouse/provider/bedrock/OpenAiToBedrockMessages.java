package dev.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.ImageSource;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns OpenAI chat {@code messages} into Converse's {@code system} blocks and {@code messages}
 * (Bedrock API reference, "Message", "ContentBlock", "SystemContentBlock"; user guide, "Call a tool
 * with the Converse API").
 *
 * <ul>
 *   <li>{@code system} and {@code developer} messages become {@code system: [{text}]}, in order.
 *   <li>{@code tool} messages become {@code toolResult} blocks of a {@code user} message, and
 *       assistant {@code tool_calls} become {@code toolUse} blocks with the arguments parsed.
 *   <li>Consecutive messages of one role are merged into one, because Converse requires user and
 *       assistant turns to alternate (a tool result following a tool call is a user turn).
 * </ul>
 *
 * Pure; never mutates its input.
 */
final class OpenAiToBedrockMessages {

    /** @param usesTools whether any message carries a toolUse or toolResult block */
    record Conversation(ArrayNode system, ArrayNode messages, boolean usesTools) {}

    private final String provider;
    private final ArrayNode system = Json.MAPPER.createArrayNode();
    private final ArrayNode messages = Json.MAPPER.createArrayNode();
    private boolean usesTools;

    private OpenAiToBedrockMessages(String provider) {
        this.provider = provider;
    }

    static Conversation of(JsonNode openAiMessages, String provider) {
        OpenAiToBedrockMessages translation = new OpenAiToBedrockMessages(provider);
        for (int i = 0; i < openAiMessages.size(); i++) {
            translation.add(openAiMessages.get(i), "messages[" + i + "]");
        }
        return new Conversation(translation.system, translation.messages, translation.usesTools);
    }

    private void add(JsonNode message, String param) {
        String role = message.path("role").asText();
        switch (role) {
            case "system", "developer" -> {
                for (JsonNode text : textBlocks(message.get("content"), param)) {
                    system.add(text);
                }
            }
            case "user" -> append("user", userBlocks(message.get("content"), param));
            case "assistant" -> append("assistant", assistantBlocks(message, param));
            case "tool" -> {
                ArrayNode blocks = Json.MAPPER.createArrayNode();
                ObjectNode result = blocks.addObject().putObject("toolResult");
                result.put("toolUseId", message.path("tool_call_id").asText());
                // Sent even when blank: ToolResultBlock requires content, and Bedrock's own validation
                // message explains a rejection better than anything the gateway could substitute.
                ArrayNode content = result.putArray("content");
                JsonNode value = message.get("content");
                if (value != null && value.isArray()) {
                    for (JsonNode part : value) {
                        content.addObject().put("text", part.path("text").asText(""));
                    }
                } else {
                    content.addObject().put("text", value == null || value.isNull() ? "" : value.asText());
                }
                usesTools = true;
                append("user", blocks);
            }
            default ->
                throw GatewayError.invalid(
                        "Provider '" + provider + "' (Bedrock Converse) does not accept messages with role '" + role
                                + "'.",
                        param + ".role");
        }
    }

    /** Adds a turn, or extends the previous one when it has the same role. */
    private void append(String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && last.path("role").asText().equals(role)) {
            ((ArrayNode) last.get("content")).addAll(blocks);
            return;
        }
        ObjectNode turn = messages.addObject();
        turn.put("role", role);
        turn.set("content", blocks);
    }

    private ArrayNode userBlocks(JsonNode content, String param) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        if (content == null || !content.isArray()) {
            addText(blocks, content == null || content.isNull() ? "" : content.asText());
            return blocks;
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asText();
            String partParam = param + ".content[" + i + "]";
            if (type.equals("text")) {
                addText(blocks, part.path("text").asText(""));
            } else if (type.equals("image_url")) {
                blocks.add(image(part.path("image_url").path("url").asText(""), partParam + ".image_url.url"));
            } else {
                throw GatewayError.invalid(
                        "Provider '" + provider + "' (Bedrock Converse) does not accept '" + type
                                + "' content parts; send text or image_url parts.",
                        partParam + ".type");
            }
        }
        return blocks;
    }

    private ArrayNode assistantBlocks(JsonNode message, String param) {
        ArrayNode blocks = textBlocks(message.get("content"), param);
        JsonNode calls = message.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            ObjectNode toolUse = blocks.addObject().putObject("toolUse");
            toolUse.put("toolUseId", call.path("id").asText());
            toolUse.put("name", call.path("function").path("name").asText());
            toolUse.set(
                    "input",
                    arguments(call.path("function").path("arguments").asText(""), param + ".tool_calls[" + i + "]"));
            usesTools = true;
        }
        return blocks;
    }

    /** A tool call's input must be a JSON object (ToolUseBlock.input is a Document). */
    private JsonNode arguments(String arguments, String param) {
        if (arguments.isBlank()) {
            return Json.object();
        }
        JsonNode parsed = Json.tryParse(arguments).orElse(null);
        if (parsed == null || !parsed.isObject()) {
            throw GatewayError.invalid(
                    "Tool call arguments must be a JSON object to be sent to provider '" + provider + "'.",
                    param + ".function.arguments");
        }
        return parsed;
    }

    /** Text content (a string or text parts) as text blocks; other parts are not allowed here. */
    private ArrayNode textBlocks(JsonNode content, String param) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (!content.isArray()) {
            addText(blocks, content.asText());
            return blocks;
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asText();
            if (!type.equals("text") && !type.equals("refusal")) {
                throw GatewayError.invalid(
                        "Provider '" + provider + "' (Bedrock Converse) accepts only text in this message.",
                        param + ".content[" + i + "].type");
            }
            addText(blocks, part.path(type).asText(""));
        }
        return blocks;
    }

    /**
     * Bedrock rejects blank text blocks ("The text field in the ContentBlock object at
     * messages.N.content.M is blank"), which OpenAI clients send routinely, e.g. as the content of
     * an assistant message that only calls tools, so they are left out.
     */
    private static void addText(ArrayNode blocks, String text) {
        if (!text.isBlank()) {
            blocks.addObject().put("text", text);
        }
    }

    /** Converse takes images only inline, as bytes in one of four formats (API reference, "ImageBlock"). */
    private ObjectNode image(String url, String param) {
        ImageSource source = ImageSource.parse(url)
                .orElseThrow(() -> GatewayError.invalid(
                        "The image is a malformed data URL; expected data:<media type>;base64,<data>.", param));
        if (!source.isInline()) {
            throw GatewayError.invalid(
                    "Provider '" + provider + "' (Bedrock Converse) takes images only as base64 data URLs"
                            + " (data:image/png;base64,...); it cannot fetch image URLs.",
                    param);
        }
        String mediaType = Objects.requireNonNull(source.mediaType(), "an inline image has a media type");
        String format = switch (mediaType.toLowerCase(Locale.ROOT)) {
            case "image/png" -> "png";
            case "image/jpeg", "image/jpg" -> "jpeg";
            case "image/gif" -> "gif";
            case "image/webp" -> "webp";
            default ->
                throw GatewayError.invalid(
                        "Provider '" + provider + "' (Bedrock Converse) accepts PNG, JPEG, GIF and WebP"
                                + " images, not " + source.mediaType() + ".",
                        param);
        };
        ObjectNode block = Json.object();
        ObjectNode image = block.putObject("image");
        image.put("format", format);
        // The JSON wire form of a blob is base64 ("If you use an AWS SDK, you don't need to encode the
        // image bytes in base64": SDKs do it for you), so the data URL's payload goes through unchanged.
        image.putObject("source").put("bytes", source.base64());
        return block;
    }
}
