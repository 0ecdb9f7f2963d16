package dev.gatehouse.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.GuardrailPolicy;
import dev.gatehouse.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code guardrails} column of {@code gh_keys} and {@code gh_teams}: NULL for a policy that sets
 * nothing, else {@code {"input": [names], "output": [names]}} with an unset direction left out.
 * Names are stored as given; a guardrail the config no longer defines is skipped when requests run
 * (and warned about when the config loads), so reading never fails on it.
 */
final class GuardrailColumn {

    private GuardrailColumn() {}

    static @Nullable String write(GuardrailPolicy policy) {
        if (policy.isUnset()) {
            return null;
        }
        ObjectNode out = Json.object();
        if (policy.input() != null) {
            policy.input().forEach(out.putArray("input")::add);
        }
        if (policy.output() != null) {
            policy.output().forEach(out.putArray("output")::add);
        }
        return out.toString();
    }

    static GuardrailPolicy read(@Nullable String column) {
        if (column == null) {
            return GuardrailPolicy.UNSET;
        }
        JsonNode node = Json.parse(column);
        return new GuardrailPolicy(names(node.get("input")), names(node.get("output")));
    }

    private static @Nullable List<String> names(@Nullable JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
