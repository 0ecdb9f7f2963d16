package dev.gatehouse.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.metering.PiiScrubber;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The prompt and the answer of one request in the shape of the GenAI semantic conventions'
 * {@code gen_ai.input.messages} and {@code gen_ai.output.messages} (a JSON array of messages, each
 * with a {@code role} and text {@code parts}), every text PII-scrubbed by {@link PiiScrubber}. Only
 * built when {@code tracing.capture_content} is on. A streamed answer is gathered from its chunks'
 * deltas up to {@link #MAX_CHARS} per choice, so a long stream cannot hold unbounded text. Used on
 * the request's event loop only.
 */
final class ContentCapture {

    /** The most answer text kept per choice; the rest is cut (the span says so with a marker). */
    static final int MAX_CHARS = 16 * 1024;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<Integer, StringBuilder> texts = new TreeMap<>();
    private final Map<Integer, String> finishReasons = new TreeMap<>();

    /** The request's messages: a chat's {@code messages}, else its {@code input} or {@code prompt} as one user message. */
    static String inputMessages(ObjectNode body) {
        ArrayNode out = JSON.arrayNode();
        JsonNode messages = body.path("messages");
        if (messages.isArray()) {
            for (JsonNode message : messages) {
                out.add(message(message.path("role").asText("user"), text(message.path("content")), null));
            }
        } else {
            JsonNode input = body.has("input") ? body.get("input") : body.path("prompt");
            out.add(message("user", text(input), null));
        }
        return out.toString();
    }

    /** Notes the answer text of an OpenAI chat answer ({@code choices[].message}) or chunk ({@code choices[].delta}). */
    void note(JsonNode answer) {
        for (JsonNode choice : answer.path("choices")) {
            int index = choice.path("index").asInt(0);
            JsonNode part = choice.has("delta") ? choice.path("delta") : choice.path("message");
            JsonNode content = part.path("content");
            if (!content.isMissingNode() && !content.isNull()) {
                StringBuilder text = texts.computeIfAbsent(index, i -> new StringBuilder());
                String piece = content.isTextual() ? content.asText() : text(content);
                if (text.length() < MAX_CHARS) {
                    text.append(piece, 0, Math.min(piece.length(), MAX_CHARS - text.length()));
                }
            } else if (choice.has("text")) {
                texts.computeIfAbsent(index, i -> new StringBuilder())
                        .append(choice.path("text").asText());
            }
            JsonNode reason = choice.path("finish_reason");
            if (reason.isTextual()) {
                finishReasons.put(index, reason.asText());
            }
        }
    }

    /** The answer's messages, one per choice; {@code null} when no text was seen. */
    @Nullable
    String outputMessages() {
        if (texts.isEmpty()) {
            return null;
        }
        ArrayNode out = JSON.arrayNode();
        texts.forEach((index, text) -> out.add(message("assistant", text.toString(), finishReasons.get(index))));
        return out.toString();
    }

    private static ObjectNode message(String role, String text, @Nullable String finishReason) {
        ObjectNode message = JSON.objectNode().put("role", role);
        message.putArray("parts")
                .addObject()
                .put("type", "text")
                .put("content", String.valueOf(PiiScrubber.scrub(text)));
        if (finishReason != null) {
            message.put("finish_reason", finishReason);
        }
        return message;
    }

    /** The text of a content value: a string, or the {@code text} of its parts (images and audio are left out). */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : content) {
            if (part.isTextual()) {
                out.append(part.asText());
            } else if (part.path("text").isTextual()) {
                out.append(part.path("text").asText());
            }
        }
        return out.toString();
    }
}
