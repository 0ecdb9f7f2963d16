package dev.gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.prompts.template.PromptDefinitions;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * A request's choice of a prompt template, as the body's {@code prompt} field or
 * {@code x-gateway-options.prompt} make it: {@code {"id", "version"?, "label"?, "variables"?}}.
 * {@code version} and {@code label} exclude each other; with neither, the label is
 * {@code production}. Read by one reader for both places. Immutable; the variables must not be
 * mutated.
 *
 * @param param where it was written ({@code prompt} or {@code x-gateway-options.prompt}), the prefix
 *     of every error's {@code param} about it
 */
public record PromptReference(
        String id, @Nullable Integer version, @Nullable String label, ObjectNode variables, String param) {

    /**
     * Reads a reference strictly.
     *
     * @throws GatewayError 400 naming the field at fault
     */
    public static PromptReference read(JsonNode v, String param) {
        if (!v.isObject()) {
            throw bad(param, "must be an object such as {\"id\":\"support-reply\",\"variables\":{...}}");
        }
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("id") && !f.equals("version") && !f.equals("label") && !f.equals("variables")) {
                throw GatewayError.of(
                        ErrorKind.INVALID_REQUEST,
                        "Unknown field '" + f + "' in '" + param + "'. Known: id, version, label, variables.",
                        param + "." + f,
                        "unknown_parameter");
            }
        }
        JsonNode id = v.get("id");
        if (id == null || !id.isTextual() || !PromptDefinitions.validName(id.asText())) {
            throw bad(param + ".id", "must be a template id (1-64 letters, digits, '.', '_' or '-')");
        }
        JsonNode version = v.get("version");
        JsonNode label = v.get("label");
        if (version != null && label != null) {
            throw GatewayError.of(
                    ErrorKind.INVALID_REQUEST,
                    "Give '" + param + ".version' or '" + param + ".label', not both.",
                    param + ".version",
                    "conflicting_options");
        }
        // OpenAI's Responses API sends prompt.version as a string ("2"), so its SDKs do too.
        if (version != null && version.isTextual() && version.asText().matches("[1-9][0-9]{0,8}")) {
            version = JsonNodeFactory.instance.numberNode(Integer.parseInt(version.asText()));
        }
        if (version != null
                && (!version.isIntegralNumber() || version.asLong() < 1 || version.asLong() > Integer.MAX_VALUE)) {
            throw bad(param + ".version", "must be a version number (1 or more)");
        }
        if (label != null && (!label.isTextual() || !PromptDefinitions.validName(label.asText()))) {
            throw bad(param + ".label", "must be a label name such as 'production'");
        }
        JsonNode variables = v.get("variables");
        if (variables != null && !variables.isObject()) {
            throw bad(param + ".variables", "must be an object of variable values");
        }
        return new PromptReference(
                id.asText(),
                version == null ? null : version.asInt(),
                label == null ? null : label.asText(),
                variables == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) variables,
                param);
    }

    private static GatewayError bad(String param, String what) {
        return GatewayError.of(
                ErrorKind.INVALID_REQUEST, "Invalid '" + param + "': " + what + ".", param, "invalid_value");
    }
}
