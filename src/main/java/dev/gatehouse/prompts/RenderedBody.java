package dev.gatehouse.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.prompts.template.PromptVersion;
import dev.gatehouse.prompts.template.RenderedMessage;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Builds the request body a template renders to, for the two APIs that take one. The template's
 * messages come first, then the caller's own; the template's {@code model} and {@code params} fill
 * only fields the request left out (the request's own values win). The {@code prompt} field is
 * removed, so the provider never sees it. Pure; the caller's body is not changed.
 */
final class RenderedBody {

    private RenderedBody() {}

    /** A chat completions body: the template's messages before the caller's {@code messages}. */
    static ObjectNode chat(ObjectNode body, PromptVersion version, List<RenderedMessage> rendered) {
        ObjectNode out = base(body, version);
        ArrayNode messages = Json.MAPPER.createArrayNode();
        rendered.forEach(m -> messages.addObject().put("role", m.role()).put("content", m.content()));
        JsonNode own = body.get("messages");
        if (own != null && own.isArray()) {
            own.forEach(m -> messages.add(m.deepCopy()));
        } else if (own != null && !own.isNull()) {
            // Not a list: left for the request's validation to name, after the template's messages.
            return out.set("messages", own.deepCopy());
        }
        out.set("messages", messages);
        return out;
    }

    /**
     * A Responses body: the template's messages as message items before the caller's {@code input}
     * (a string input is the user's message).
     */
    static ObjectNode responses(ObjectNode body, PromptVersion version, List<RenderedMessage> rendered) {
        ObjectNode out = base(body, version);
        ArrayNode input = Json.MAPPER.createArrayNode();
        rendered.forEach(m ->
                input.addObject().put("type", "message").put("role", m.role()).put("content", m.content()));
        JsonNode own = body.get("input");
        if (own != null && own.isTextual()) {
            input.addObject().put("type", "message").put("role", "user").put("content", own.asText());
        } else if (own != null && own.isArray()) {
            own.forEach(item -> input.add(item.deepCopy()));
        } else if (own != null && !own.isNull()) {
            return out.set("input", own.deepCopy());
        }
        out.set("input", input);
        return out;
    }

    private static ObjectNode base(ObjectNode body, PromptVersion version) {
        ObjectNode out = body.deepCopy();
        out.remove("prompt");
        if (version.model() != null
                && (!out.hasNonNull("model") || out.get("model").asText().isEmpty())) {
            out.put("model", version.model());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = version.params().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (!out.has(p.getKey())) {
                out.set(p.getKey(), p.getValue().deepCopy());
            }
        }
        return out;
    }
}
