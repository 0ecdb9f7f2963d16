package dev.gatehouse.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;

/**
 * Anthropic {@code document} content blocks ("PDF support", "Citations": a {@code source} of type
 * {@code base64} or {@code url} for a PDF, {@code text} for plain text, {@code content} for a list of
 * blocks, {@code file} for a Files API id) in the canonical request. An Anthropic deployment
 * receives the client's block unchanged through the pass-through body; the canonical form serves the
 * token estimate (limits, budgets, {@code count_tokens}) and the other providers:
 *
 * <ul>
 *   <li>a text source becomes a text part (its title first), which any provider can read;
 *   <li>a content source becomes its text and image parts;
 *   <li>a base64 PDF becomes OpenAI's {@code file} part with a {@code data:application/pdf} URL
 *       ({@code ChatCompletionRequestMessageContentPartFile}), which OpenAI reads and the other
 *       dialects refuse by name;
 *   <li>a URL or Files API source has no OpenAI form: the block stays as a {@code document} part,
 *       which only the pass-through sends anywhere and every translating dialect refuses.
 * </ul>
 *
 * Pure.
 */
final class AnthropicDocuments {

    private AnthropicDocuments() {}

    /** Adds the canonical parts of {@code block}, a {@code document} block, to {@code parts}. */
    static void addParts(ArrayNode parts, JsonNode block) {
        JsonNode source = block.path("source");
        if (!source.isObject()) {
            // As Anthropic answers a document without one ("source: Field required").
            throw AnthropicRequestReader.invalid("document.source: Field required", "messages");
        }
        String title = block.path("title").asText("");
        switch (source.path("type").asText()) {
            case "text" -> {
                String data = source.path("data").asText("");
                parts.addObject().put("type", "text").put("text", title.isEmpty() ? data : title + "\n\n" + data);
            }
            case "content" -> {
                JsonNode content = source.path("content");
                if (content.isTextual()) {
                    parts.addObject().put("type", "text").put("text", content.asText());
                }
                for (JsonNode inner : content) {
                    if (inner.path("type").asText().equals("text")) {
                        parts.addObject()
                                .put("type", "text")
                                .put("text", inner.path("text").asText());
                    } else if (inner.path("type").asText().equals("image")) {
                        parts.add(AnthropicToOpenAiRequest.imagePart(inner.path("source")));
                    }
                }
            }
            case "base64" -> {
                ObjectNode file = parts.addObject().put("type", "file").putObject("file");
                file.put("filename", title.isEmpty() ? "document.pdf" : title);
                file.put(
                        "file_data",
                        "data:" + source.path("media_type").asText("application/pdf") + ";base64,"
                                + source.path("data").asText(""));
            }
            default -> {
                ObjectNode kept = Json.object().put("type", "document");
                kept.set("source", source);
                parts.add(kept);
            }
        }
    }
}
