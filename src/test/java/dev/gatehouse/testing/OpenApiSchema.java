package dev.gatehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates JSON against a schema of OpenAI's OpenAPI document ({@code ../shared/openai-openapi/openapi.yaml},
 * OpenAPI 3.1, i.e. JSON Schema): {@code $ref} to {@code #/components/schemas}, {@code type} (one or a
 * list, {@code "null"} included), {@code enum}, {@code const}, {@code required}, {@code properties},
 * {@code additionalProperties: false}, {@code items}, {@code allOf}, {@code anyOf} and {@code oneOf}.
 * {@code oneOf} is checked as "at least one", since several of the document's unions overlap without
 * a discriminator; formats and numeric bounds are not checked.
 */
public final class OpenApiSchema {

    private static final Path DOCUMENT = Path.of("..", "shared", "openai-openapi", "openapi.yaml");

    private final JsonNode schemas;

    private OpenApiSchema(JsonNode document) {
        this.schemas = document.path("components").path("schemas");
    }

    /** The document beside the repository (the gateway's sibling directory {@code shared}). */
    public static OpenApiSchema openAi() {
        Path path = Files.exists(DOCUMENT) ? DOCUMENT : Path.of("/work/shared/openai-openapi/openapi.yaml");
        try {
            return new OpenApiSchema(new ObjectMapper(new YAMLFactory()).readTree(path.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema named {@code name} under {@code components.schemas}. */
    public JsonNode schema(String name) {
        JsonNode schema = schemas.get(name);
        if (schema == null) {
            throw new IllegalArgumentException("no schema " + name);
        }
        return schema;
    }

    /** Every problem of {@code value} against schema {@code name}; empty when it is valid. */
    public List<String> problems(JsonNode value, String name) {
        List<String> problems = new ArrayList<>();
        check(value, schema(name), "$", problems);
        return problems;
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        while (s.has("$ref")) {
            String ref = s.get("$ref").asText();
            s = schema(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return s;
    }

    private void check(JsonNode value, JsonNode rawSchema, String path, List<String> problems) {
        JsonNode schema = resolve(rawSchema);
        if (schema.has("type") && !typeMatches(value, schema.get("type"))) {
            problems.add(path + ": expected type " + schema.get("type") + ", got " + value.getNodeType() + " "
                    + clip(value));
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            problems.add(path + ": " + clip(value) + " is not one of " + schema.get("enum"));
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            problems.add(path + ": expected " + schema.get("const") + ", got " + clip(value));
        }
        for (JsonNode part : schema.path("allOf")) {
            check(value, part, path, problems);
        }
        for (String union : List.of("anyOf", "oneOf")) {
            if (schema.has(union)) {
                List<String> best = null;
                for (JsonNode option : schema.get(union)) {
                    List<String> attempt = new ArrayList<>();
                    check(value, option, path, attempt);
                    if (attempt.isEmpty()) {
                        best = attempt;
                        break;
                    }
                    if (best == null || attempt.size() < best.size()) {
                        best = attempt;
                    }
                }
                if (best != null && !best.isEmpty()) {
                    problems.add(path + ": matches no option of " + union + "; closest: " + best);
                }
            }
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    problems.add(path + ": missing required property '" + required.asText() + "'");
                }
            }
            JsonNode properties = schema.path("properties");
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode property = properties.get(field.getKey());
                if (property != null) {
                    check(field.getValue(), property, path + "." + field.getKey(), problems);
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.path("additionalProperties").asBoolean()) {
                    problems.add(path + ": property '" + field.getKey() + "' is not allowed");
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), path + "[" + i + "]", problems);
            }
        }
    }

    private static boolean typeMatches(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(value, t)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "null" -> value.isNull();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "integer" ->
                value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "number" -> value.isNumber();
            default -> true;
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode v : values) {
            if (v.equals(value) || (v.isNumber() && value.isNumber() && v.asDouble() == value.asDouble())) {
                return true;
            }
        }
        return false;
    }

    private static String clip(JsonNode value) {
        String text = value.toString();
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
