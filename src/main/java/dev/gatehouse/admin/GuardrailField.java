package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.GuardrailPolicy;
import dev.gatehouse.config.GuardrailSettings;
import dev.gatehouse.config.GuardrailsConfig;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code guardrails} field of keys and teams: {@code {"input": [names], "output": [names]}},
 * where a direction left out or {@code null} inherits from the next scope and {@code []} turns that
 * direction off; the field itself {@code null} sets nothing. Names are checked against the
 * guardrails of the config in force, so a typo is a 400 naming the field and the name instead of a
 * policy that silently checks nothing.
 */
final class GuardrailField {

    static final String NAME = "guardrails";

    private GuardrailField() {}

    /** The policy in {@code body}, or UNSET when the field is absent or null. */
    static GuardrailPolicy read(AdminBody body, GuardrailsConfig config) {
        JsonNode v = body.raw(NAME);
        if (v == null || v.isNull()) {
            return GuardrailPolicy.UNSET;
        }
        if (!(v instanceof ObjectNode policy)) {
            throw shape(NAME);
        }
        var fields = policy.fieldNames();
        while (fields.hasNext()) {
            String f = fields.next();
            if (!f.equals("input") && !f.equals("output")) {
                throw AdminBody.error(
                        "Unrecognized field '" + NAME + "." + f + "'; a guardrail policy has 'input' and 'output'.",
                        NAME + "." + f,
                        "unknown_field");
            }
        }
        return new GuardrailPolicy(
                names(policy.get("input"), "input", config), names(policy.get("output"), "output", config));
    }

    private static @Nullable List<String> names(@Nullable JsonNode v, String direction, GuardrailsConfig config) {
        String param = NAME + "." + direction;
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw shape(param);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw shape(param);
            }
            String name = item.asText();
            if (config.definition(name) == null) {
                throw AdminBody.error(
                        "Unknown guardrail '" + name + "' in '" + param + "'. Configured guardrails: " + known(config)
                                + ".",
                        param,
                        "invalid_value");
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    private static String known(GuardrailsConfig config) {
        List<String> names = new ArrayList<>();
        for (GuardrailSettings s : config.definitions()) {
            names.add(s.name());
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static GatewayError shape(String param) {
        return AdminBody.error(
                "'" + param + "' must be {\"input\": [names], \"output\": [names]} with guardrail names.",
                param,
                "invalid_value");
    }

    /** The policy as the API shows it: null when it sets nothing, else both directions (null inherits). */
    static void write(ObjectNode out, GuardrailPolicy policy) {
        if (policy.isUnset()) {
            out.putNull(NAME);
            return;
        }
        ObjectNode p = out.putObject(NAME);
        direction(p, "input", policy.input());
        direction(p, "output", policy.output());
    }

    static void direction(ObjectNode out, String field, @Nullable List<String> names) {
        if (names == null) {
            out.putNull(field);
        } else {
            names.forEach(out.putArray(field)::add);
        }
    }

    static ObjectNode render(GuardrailPolicy policy) {
        ObjectNode out = Json.object();
        direction(out, "input", policy.input());
        direction(out, "output", policy.output());
        return out;
    }
}
