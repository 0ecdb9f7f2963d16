package dev.gatehouse.prompts.template;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One immutable, numbered version of a prompt template: its messages, the model and parameters it
 * was written for, and its variables. Never changed once created; a change is a new version.
 *
 * @param model the model the version was written for, or {@code null} to leave it to the request
 * @param params request body fields the version was written with ({@code temperature},
 *     {@code max_tokens}...); the request's own fields win. Must not be mutated.
 */
public record PromptVersion(
        int number, List<PromptMessage> messages, @Nullable String model, ObjectNode params, VariableSchema variables) {

    public PromptVersion {
        messages = List.copyOf(messages);
    }

    /**
     * The messages with {@code variables} filled in.
     *
     * @param param where the variables came from, for errors ({@code prompt.variables})
     * @throws dev.gatehouse.error.GatewayError 400 naming a variable that is unknown, missing or invalid
     */
    public List<RenderedMessage> render(ObjectNode variables, String param) {
        Map<String, String> values = this.variables.check(variables, param);
        List<RenderedMessage> out = new ArrayList<>(messages.size());
        for (PromptMessage m : messages) {
            out.add(new RenderedMessage(m.role(), m.content().render(values)));
        }
        return out;
    }

    /** The definition as the admin API and the store take it (without the number). */
    public ObjectNode definition() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        var list = out.putArray("messages");
        for (PromptMessage m : messages) {
            list.addObject().put("role", m.role()).put("content", m.content().source());
        }
        if (model != null) {
            out.put("model", model);
        }
        if (!params.isEmpty()) {
            out.set("params", params.deepCopy());
        }
        if (variables.written()) {
            out.set("variables", variables.node().deepCopy());
        }
        return out;
    }
}
