package dev.gatehouse.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gatehouse.hashing.KeyHashing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What identifies an answer: a hash of everything in the canonical request that changes it (model,
 * messages, system, tools, tool choice, response format, every sampling parameter, and any field the
 * gateway does not know, since it may change the answer too), the client endpoint, the scope and the
 * namespace. Fields that only label or deliver the request are left out. The JSON is written with
 * sorted keys, so the order of fields in the client's body does not matter.
 *
 * @param exact the key of this exact request
 * @param partition for a semantic lookup: the hash of everything except the text of the last user
 *     message, or {@code null} when the request has no such message made only of text
 * @param lastUserText the text of the last user message, or {@code null} when {@code partition} is
 */
public record CacheKey(
        String exact, @Nullable String partition, @Nullable String lastUserText) {

    /** Top-level fields that do not change the answer. */
    static final Set<String> IGNORED = Set.of("user", "metadata", "stream", "stream_options");

    private static final String VERSION = "v1";

    /**
     * @param surface the client endpoint ({@code /v1/chat/completions}, {@code /v1/messages}, ...):
     *     an answer is rendered per surface, and Anthropic's canonical form is not OpenAI's
     * @param scopeId who may share the entry ({@link CacheScopes})
     */
    public static CacheKey of(String surface, JsonNode body, String scopeId, String namespace) {
        String prefix = VERSION + "\n" + surface + "\n" + scopeId + "\n" + namespace + "\n";
        String exact = KeyHashing.sha256Hex(prefix + canonical(body, true));
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return new CacheKey(exact, null, null);
        }
        JsonNode last = messages.get(messages.size() - 1);
        String text = textOf(last);
        if (!"user".equals(last.path("role").asText()) || text == null) {
            return new CacheKey(exact, null, null);
        }
        ObjectNode masked = body.deepCopy();
        ((ObjectNode) ((ArrayNode) masked.get("messages")).get(messages.size() - 1)).remove("content");
        String partition = KeyHashing.sha256Hex(prefix + "semantic\n" + canonical(masked, true));
        return new CacheKey(exact, partition, text);
    }

    /** The text of a message whose content is a string or only text parts; null otherwise. */
    static @Nullable String textOf(JsonNode message) {
        JsonNode content = message.path("content");
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray() || content.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                return null;
            }
            text.append(text.length() == 0 ? "" : "\n").append(part.path("text").asText());
        }
        return text.toString();
    }

    /** JSON with every object's keys sorted; at the top level without the {@link #IGNORED} fields. */
    static String canonical(JsonNode node, boolean top) {
        StringBuilder out = new StringBuilder();
        write(node, top, out);
        return out.toString();
    }

    private static void write(JsonNode node, boolean top, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            out.append('{');
            boolean first = true;
            for (String name : names) {
                if (top && IGNORED.contains(name)) {
                    continue;
                }
                out.append(first ? "" : ",");
                first = false;
                out.append(TextNode.valueOf(name));
                out.append(':');
                write(node.get(name), false, out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(node.get(i), false, out);
            }
            out.append(']');
        } else {
            out.append(node);
        }
    }
}
