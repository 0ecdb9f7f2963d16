package dev.gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The request text the gateway keeps in its usage store and audit log: the model name, {@code user},
 * every string under {@code metadata} (the {@code tags} among them) and the {@code x-gatehouse-tags}
 * header. None of it may hold a NUL character: PostgreSQL's {@code text} type cannot store one and
 * refuses the whole insert holding it, so the readers refuse such a request at the edge with a 400
 * naming the field. The admin API refuses the same in every field it stores ({@link #firstNulAnywhere}).
 * Pure; runs on the event loop.
 */
public final class StoredText {

    /** The header a client tags its request with. */
    public static final String TAGS_HEADER = "x-gatehouse-tags";

    private static final List<String> FIELDS = List.of("model", "user", "metadata");

    private StoredText() {}

    public static boolean hasNul(@Nullable String text) {
        return text != null && text.indexOf('\0') >= 0;
    }

    /**
     * The path to the first stored string in {@code body} that holds a NUL, as field names and array
     * indexes, or {@code null} when there is none.
     */
    public static @Nullable List<Object> firstNul(ObjectNode body) {
        for (String field : FIELDS) {
            List<Object> path = new ArrayList<>(List.of(field));
            if (nulUnder(body.get(field), path)) {
                return path;
            }
        }
        return null;
    }

    /**
     * The path to the first string anywhere in {@code node} (a value or an object key) that holds a
     * NUL, or {@code null} when there is none. A NUL in a key gives the path of the object holding it.
     */
    public static @Nullable List<Object> firstNulAnywhere(JsonNode node) {
        List<Object> path = new ArrayList<>();
        return nulUnder(node, path) ? path : null;
    }

    private static boolean nulUnder(@Nullable JsonNode node, List<Object> path) {
        if (node == null) {
            return false;
        }
        if (node.isTextual()) {
            return hasNul(node.textValue());
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                if (nulUnder(node.get(i), path)) {
                    return true;
                }
                path.remove(path.size() - 1);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                // A NUL in a key is stored as much as one in a value.
                if (hasNul(field.getKey())) {
                    return true;
                }
                path.add(field.getKey());
                if (nulUnder(field.getValue(), path)) {
                    return true;
                }
                path.remove(path.size() - 1);
            }
        }
        return false;
    }

    /** A path in OpenAI's style: {@code metadata.tags[1]}. */
    public static String openAiPath(List<Object> path) {
        StringBuilder out = new StringBuilder();
        for (Object part : path) {
            if (part instanceof Integer i) {
                out.append('[').append(i).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(part);
            }
        }
        return out.toString();
    }

    /** A path in Anthropic's style: {@code metadata.tags.1}. */
    public static String anthropicPath(List<Object> path) {
        StringBuilder out = new StringBuilder();
        for (Object part : path) {
            out.append(out.isEmpty() ? "" : ".").append(part);
        }
        return out.toString();
    }
}
