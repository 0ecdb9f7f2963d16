package dev.gatehouse.prompts.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The variables of a template version: exactly the names its messages use, each required, none
 * other allowed, and their values checked against the JSON schema (draft 2020-12) written with the
 * version. Without a schema every variable is a string. The schema's {@code properties} must name
 * exactly the variables the messages use. It may not refer outside itself ({@code $ref} other than
 * {@code #...}, {@code $id}, {@code $schema}), so checking a request never fetches anything.
 * Immutable and thread-safe; checks run on the event loop.
 */
public final class VariableSchema {

    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");

    private final JsonNode node;
    private final boolean written;
    private final Schema schema;
    private final Set<String> names;

    private VariableSchema(JsonNode node, boolean written, Schema schema, Set<String> names) {
        this.node = node;
        this.written = written;
        this.schema = schema;
        this.names = names;
    }

    /**
     * The variables of a version whose messages use {@code names}, checked by {@code schema}; or
     * {@code null} with the problems added (paths relative to the {@code variables} field).
     */
    static @Nullable VariableSchema of(@Nullable JsonNode schema, Set<String> names, List<DefinitionProblem> problems) {
        Set<String> sorted = new TreeSet<>(names);
        JsonNode node = schema == null ? derived(sorted) : schema;
        int before = problems.size();
        if (schema != null) {
            checkWritten(schema, sorted, problems);
        }
        if (problems.size() > before) {
            return null;
        }
        try {
            return new VariableSchema(node, schema != null, REGISTRY.getSchema(node), Set.copyOf(sorted));
        } catch (SchemaException | IllegalArgumentException e) {
            problems.add(new DefinitionProblem("", "is not a valid JSON schema: " + e.getMessage()));
            return null;
        }
    }

    private static JsonNode derived(Set<String> names) {
        ObjectNode root = JsonNodeFactory.instance.objectNode().put("type", "object");
        ObjectNode properties = root.putObject("properties");
        names.forEach(n -> properties.putObject(n).put("type", "string"));
        return root;
    }

    private static void checkWritten(JsonNode schema, Set<String> names, List<DefinitionProblem> problems) {
        if (!schema.isObject()) {
            problems.add(new DefinitionProblem(
                    "", "must be a JSON schema object such as {\"type\":\"object\",\"properties\":{...}}"));
            return;
        }
        JsonNode type = schema.get("type");
        if (type != null && !(type.isTextual() && type.asText().equals("object"))) {
            problems.add(new DefinitionProblem("type", "must be \"object\": the variables are one object"));
        }
        selfContained(schema, "", problems);
        JsonNode properties = schema.path("properties");
        if (!properties.isObject()) {
            if (!names.isEmpty()) {
                problems.add(new DefinitionProblem("properties", "must declare the variables " + names));
            }
            return;
        }
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            String declared = it.next();
            if (!names.contains(declared)) {
                problems.add(new DefinitionProblem(
                        "properties." + declared, "declares a variable that no message uses as {{" + declared + "}}"));
            }
        }
        for (String used : names) {
            if (!properties.has(used)) {
                problems.add(new DefinitionProblem(
                        "properties", "does not declare '" + used + "', which the messages use as {{" + used + "}}"));
            }
        }
    }

    private static void selfContained(JsonNode node, String path, List<DefinitionProblem> problems) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String at = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                String key = f.getKey();
                if (key.equals("$id") || key.equals("$schema")) {
                    problems.add(new DefinitionProblem(
                            at, "is not allowed: the schema is always draft 2020-12 and self-contained"));
                } else if (REFERENCES.contains(key)
                        && !(f.getValue().isTextual() && f.getValue().asText().startsWith("#"))) {
                    problems.add(new DefinitionProblem(at, "may only refer inside the schema ('#/...')"));
                } else {
                    selfContained(f.getValue(), at, problems);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                selfContained(node.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    /** The schema as written, or the one derived when none was (every variable a string). */
    public JsonNode node() {
        return node;
    }

    /** Whether the schema was written with the version rather than derived. */
    public boolean written() {
        return written;
    }

    /** The variables the messages use. */
    public Set<String> names() {
        return names;
    }

    /**
     * The text each variable inserts: a string as it is, any other JSON value as compact JSON.
     *
     * @param param where the variables came from ({@code prompt.variables}), for the error's param
     * @throws GatewayError 400 naming the first variable that is not used ({@code unknown_variable}),
     *     missing ({@code missing_variable}) or against the schema ({@code invalid_variable})
     */
    public Map<String, String> check(ObjectNode variables, String param) {
        for (Iterator<String> it = variables.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name)) {
                throw invalid(
                        param + "." + name,
                        "The prompt template has no variable '" + name + "'. Its variables are: " + listed() + ".",
                        "unknown_variable");
            }
        }
        for (String name : new TreeSet<>(names)) {
            if (!variables.has(name)) {
                throw invalid(
                        param + "." + name,
                        "Missing prompt variable '" + name + "'. The template needs: " + listed() + ".",
                        "missing_variable");
            }
        }
        List<Error> errors = schema.validate(variables);
        if (!errors.isEmpty()) {
            Error first = errors.get(0);
            String name = first.getProperty();
            NodePath at = first.getInstanceLocation();
            if (at != null && at.getNameCount() > 0) {
                name = at.getName(0);
            }
            throw invalid(
                    name == null ? param : param + "." + name,
                    "Invalid prompt variable" + (name == null ? "s" : " '" + name + "'") + ": " + first.getMessage(),
                    "invalid_variable");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            JsonNode v = variables.get(name);
            values.put(name, v.isTextual() ? v.textValue() : v.toString());
        }
        return values;
    }

    private String listed() {
        return names.isEmpty() ? "none" : String.join(", ", new TreeSet<>(names));
    }

    private static GatewayError invalid(String param, String message, String code) {
        return GatewayError.of(ErrorKind.INVALID_REQUEST, message, param, code);
    }
}
