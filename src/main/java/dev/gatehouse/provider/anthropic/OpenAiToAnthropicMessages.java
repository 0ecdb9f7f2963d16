package dev.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gatehouse.api.ImageSource;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Translates OpenAI {@code messages} into Anthropic's top-level {@code system} and its
 * {@code messages} of content blocks (docs.anthropic.com, "Messages API", "Tool use", "Vision").
 *
 * <ul>
 *   <li>The Messages API has no system role: system and developer messages, wherever they appear,
 *       become the top-level {@code system} (a string, or text blocks when there are several).</li>
 *   <li>Assistant {@code tool_calls} become {@code tool_use} blocks; {@code tool} messages become
 *       {@code tool_result} blocks in a user turn, which is where Anthropic expects tool results.</li>
 *   <li>Consecutive turns of the same role are merged into one, so roles alternate as Anthropic's
 *       models are trained to expect (and so parallel tool results share one user turn).</li>
 *   <li>{@code cache_control} on a content part, or on a message (its last block), stays on the
 *       block made from it, with its {@code ttl}: Anthropic caches only what the request marks
 *       ("Prompt caching"), and unmarked cacheable input is billed at the full input rate.</li>
 *   <li>Empty text is never sent: Anthropic rejects an empty text block (400 "text content blocks
 *       must be non-empty"), and a turn left without blocks is dropped.</li>
 * </ul>
 * A conversation that starts with an assistant turn is passed on as is; Anthropic answers it with
 * its own 400, which reaches the client unchanged. Pure; never mutates its input.
 */
final class OpenAiToAnthropicMessages {

    /** Image formats the Messages API accepts ("Vision": JPEG, PNG, GIF, WebP). */
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final String CACHE_CONTROL = "cache_control";

    /**
     * @param system {@code null}, a string, or an array of text blocks
     * @param messages alternating user and assistant messages of content blocks
     */
    record Translated(@Nullable JsonNode system, ArrayNode messages) {}

    private OpenAiToAnthropicMessages() {}

    static Translated translate(JsonNode messages, String provider) {
        List<ObjectNode> system = new ArrayList<>();
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[" + i + "]";
            String role = message.path("role").asText();
            switch (role) {
                case "system", "developer" ->
                    system.addAll(cached(message, systemBlocks(message.get("content"), param, provider)));
                case "user" ->
                    append(
                            out,
                            "user",
                            cached(message, contentBlocks(message.get("content"), param + ".content", provider)));
                case "assistant" ->
                    append(out, "assistant", cached(message, assistantBlocks(message, param, provider)));
                case "tool" -> append(out, "user", cached(message, List.of(toolResult(message, param, provider))));
                default ->
                    throw OpenAiToAnthropicRequest.cannot(
                            provider,
                            "the '" + role + "' role (send tool results as 'tool' messages)",
                            param + ".role");
            }
        }
        return new Translated(system(system), out);
    }

    private static @Nullable JsonNode system(List<ObjectNode> blocks) {
        if (blocks.isEmpty()) {
            return null;
        }
        if (blocks.size() == 1 && !blocks.get(0).has(CACHE_CONTROL)) {
            return blocks.get(0).get("text");
        }
        return NODES.arrayNode().addAll(blocks);
    }

    /**
     * A {@code cache_control} on the message itself (the form OpenAI-style clients use for a string
     * content) marks the message's last block, which is where Anthropic's cache breakpoint for the
     * message goes ("Prompt caching": the prefix up to and including the marked block is cached).
     */
    private static List<ObjectNode> cached(JsonNode message, List<ObjectNode> blocks) {
        JsonNode cacheControl = message.get(CACHE_CONTROL);
        if (cacheControl != null && cacheControl.isObject() && !blocks.isEmpty()) {
            ObjectNode last = blocks.get(blocks.size() - 1);
            if (!last.has(CACHE_CONTROL)) {
                last.set(CACHE_CONTROL, cacheControl);
            }
        }
        return blocks;
    }

    /** Copies a part's {@code cache_control} onto the block made from it, as Anthropic reads it on every block type. */
    static void copyCacheControl(JsonNode from, ObjectNode to) {
        JsonNode cacheControl = from.get(CACHE_CONTROL);
        if (cacheControl != null && cacheControl.isObject()) {
            to.set(CACHE_CONTROL, cacheControl);
        }
    }

    private static void append(ArrayNode out, String role, List<ObjectNode> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        ObjectNode last = out.isEmpty() ? null : (ObjectNode) out.get(out.size() - 1);
        if (last != null && last.path("role").asText().equals(role)) {
            ((ArrayNode) last.get("content")).addAll(blocks);
            return;
        }
        ObjectNode message = out.addObject();
        message.put("role", role);
        message.putArray("content").addAll(blocks);
    }

    private static List<ObjectNode> systemBlocks(JsonNode content, String param, String provider) {
        List<ObjectNode> blocks = contentBlocks(content, param + ".content", provider);
        for (ObjectNode block : blocks) {
            if (!block.path("type").asText().equals("text")) {
                throw OpenAiToAnthropicRequest.cannot(provider, "images in a system prompt", param + ".content");
            }
        }
        return blocks;
    }

    /** Text and image parts (a plain string is one text part). */
    private static List<ObjectNode> contentBlocks(JsonNode content, String param, String provider) {
        List<ObjectNode> blocks = new ArrayList<>();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            addText(blocks, content.asText());
            return blocks;
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asText();
            int before = blocks.size();
            switch (type) {
                case "text" -> addText(blocks, part.path("text").asText(""));
                // An earlier refusal in the history is still text the model said.
                case "refusal" -> addText(blocks, part.path("refusal").asText(""));
                case "image_url" ->
                    blocks.add(image(part.path("image_url").path("url").asText(""), param + "[" + i + "]", provider));
                default ->
                    throw OpenAiToAnthropicRequest.cannot(
                            provider, "content parts of type '" + type + "'", param + "[" + i + "]");
            }
            if (blocks.size() > before) {
                copyCacheControl(part, blocks.get(blocks.size() - 1));
            }
        }
        return blocks;
    }

    private static void addText(List<ObjectNode> blocks, String text) {
        if (!text.isEmpty()) {
            ObjectNode block = NODES.objectNode();
            block.put("type", "text");
            block.put("text", text);
            blocks.add(block);
        }
    }

    /**
     * Inline data becomes a base64 source, anything else a URL source ("Vision"). Anthropic accepts
     * only four image formats, so others are refused here with the parameter that holds them.
     */
    private static ObjectNode image(String url, String param, String provider) {
        ImageSource source = ImageSource.parse(url)
                .orElseThrow(() -> GatewayError.invalid(
                        "Invalid image data URL: expected 'data:<media type>;base64,<data>'.", param));
        ObjectNode block = NODES.objectNode();
        block.put("type", "image");
        ObjectNode out = block.putObject("source");
        if (source.isInline()) {
            if (!IMAGE_TYPES.contains(source.mediaType())) {
                throw OpenAiToAnthropicRequest.cannot(
                        provider,
                        "images of type '" + source.mediaType()
                                + "' (it takes image/jpeg, image/png, image/gif and image/webp)",
                        param);
            }
            out.put("type", "base64");
            out.put("media_type", source.mediaType());
            out.put("data", source.base64());
        } else {
            out.put("type", "url");
            out.put("url", source.url());
        }
        return block;
    }

    private static List<ObjectNode> assistantBlocks(JsonNode message, String param, String provider) {
        List<ObjectNode> blocks = contentBlocks(message.get("content"), param + ".content", provider);
        JsonNode calls = message.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            String callParam = param + ".tool_calls[" + i + "]";
            if (!call.path("type").asText("function").equals("function")) {
                throw OpenAiToAnthropicRequest.cannot(
                        provider, "tool calls of type '" + call.path("type").asText() + "'", callParam);
            }
            ObjectNode block = NODES.objectNode();
            block.put("type", "tool_use");
            block.put("id", call.path("id").asText());
            block.put("name", call.path("function").path("name").asText());
            block.set(
                    "input",
                    arguments(call.path("function").path("arguments").asText(""), callParam + ".function.arguments"));
            blocks.add(block);
        }
        return blocks;
    }

    /** A tool_use block's input is a JSON object, where OpenAI carries the arguments as a string. */
    private static JsonNode arguments(String arguments, String param) {
        if (arguments.isBlank()) {
            return NODES.objectNode();
        }
        JsonNode input = Json.tryParse(arguments).orElse(null);
        if (input == null || !input.isObject()) {
            throw GatewayError.invalid("Invalid tool call arguments: expected a JSON object.", param);
        }
        return input;
    }

    private static ObjectNode toolResult(JsonNode message, String param, String provider) {
        ObjectNode block = NODES.objectNode();
        block.put("type", "tool_result");
        block.put("tool_use_id", message.path("tool_call_id").asText());
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            if (!content.asText().isEmpty()) {
                block.set("content", TextNode.valueOf(content.asText()));
            }
        } else {
            List<ObjectNode> blocks = contentBlocks(content, param + ".content", provider);
            if (!blocks.isEmpty()) {
                block.putArray("content").addAll(blocks);
            }
        }
        return block;
    }
}
