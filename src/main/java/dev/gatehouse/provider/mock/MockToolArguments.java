package dev.gatehouse.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Fills a function's {@code parameters} JSON schema with plausible values, so a client that parses
 * the simulated tool call's arguments finds every property it declared. One level deep: nested
 * objects and arrays come back empty, which every schema type accepts. Stateless.
 */
final class MockToolArguments {

    private MockToolArguments() {}

    static ObjectNode fill(JsonNode parameters, RandomGenerator random) {
        ObjectNode args = MockJson.object();
        for (Map.Entry<String, JsonNode> property :
                parameters.path("properties").properties()) {
            args.set(property.getKey(), valueFor(property.getValue(), random));
        }
        return args;
    }

    private static JsonNode valueFor(JsonNode schema, RandomGenerator random) {
        if (schema.has("const")) {
            return schema.get("const");
        }
        JsonNode values = schema.path("enum");
        if (values.isArray() && !values.isEmpty()) {
            return values.get(0);
        }
        return switch (typeOf(schema)) {
            case "integer" -> MockJson.NODES.numberNode(1 + random.nextInt(100));
            // Tenths keep the value short and exactly representable in its JSON text.
            case "number" -> MockJson.NODES.numberNode(random.nextInt(1000) / 10.0);
            case "boolean" -> MockJson.NODES.booleanNode(true);
            case "array" -> MockJson.NODES.arrayNode();
            case "object" -> MockJson.object();
            case "null" -> MockJson.NODES.nullNode();
            default -> MockJson.NODES.textNode(MockText.word(random));
        };
    }

    /** The schema's type; of a union such as {@code ["string","null"]}, the first that is not null. */
    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
            return "null";
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : "string";
    }
}
