package dev.gatehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A strict, path-aware reader over one object of the parsed YAML tree.
 *
 * <p>Every accessor records the field as known and reports a wrong type or value as a
 * {@link ConfigProblem} instead of throwing, so one pass finds every mistake in a file.
 * {@link #finish()} then reports the fields nobody asked for (typos, unsupported options).
 * String values go through {@code ${ENV}} substitution.
 */
public final class ConfigNode {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KiB|MB|MiB|GB|GiB)?");

    private final JsonNode node;
    private final String path;
    private final List<ConfigProblem> problems;
    private final EnvSubstitution env;
    private final Set<String> known = new HashSet<>();

    ConfigNode(JsonNode node, String path, List<ConfigProblem> problems, EnvSubstitution env) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.env = env;
    }

    /**
     * A reader over {@code node} for settings read outside this package (and their tests):
     * {@code ${ENV}} references resolve against {@code env}; problems go into {@code problems}.
     */
    public static ConfigNode of(JsonNode node, String path, Map<String, String> env, List<ConfigProblem> problems) {
        return new ConfigNode(node, path, problems, new EnvSubstitution(env));
    }

    public String path() {
        return path;
    }

    public String child(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** Records a problem with {@code field}, or with this object itself when {@code field} is null. */
    public void problem(@Nullable String field, String message) {
        problems.add(new ConfigProblem(field == null ? path : child(field), message));
    }

    public boolean has(String field) {
        known.add(field);
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    private JsonNode value(String field) {
        known.add(field);
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? MissingNode.getInstance() : value;
    }

    /**
     * A scalar field with {@code ${ENV}} references resolved, re-read as YAML so that
     * {@code port: ${PORT:-8080}} is a number and {@code enabled: ${FLAG}} a boolean.
     */
    private JsonNode scalar(String field) {
        JsonNode value = value(field);
        if (!value.isTextual() || !value.asText().contains("${")) {
            return value;
        }
        String text = env.substitute(value.asText(), child(field), problems);
        try {
            JsonNode parsed = YAML.readTree(text);
            return parsed == null || parsed.isMissingNode() || parsed.isContainerNode()
                    ? TextNode.valueOf(text)
                    : parsed;
        } catch (java.io.IOException e) {
            return TextNode.valueOf(text);
        }
    }

    /** The field's text when it is a scalar (not a mapping or list), else {@code null}. */
    @Nullable
    String scalarText(String field) {
        JsonNode value = value(field);
        return value.isValueNode() ? env.substitute(value.asText(), child(field), problems) : null;
    }

    /** A string field; {@code null} (with a problem if required) when absent or invalid. */
    @Nullable
    public String string(String field, boolean required) {
        JsonNode value = value(field);
        if (value.isMissingNode()) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        if (value.isContainerNode()) {
            problem(field, "must be a string");
            return null;
        }
        return env.substitute(value.asText(), child(field), problems);
    }

    public String string(String field, String fallback) {
        String value = string(field, false);
        return value == null ? fallback : value;
    }

    public int integer(String field, int fallback, int min, int max) {
        JsonNode value = scalar(field);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            problem(field, "must be a whole number from " + min + " to " + max);
            return fallback;
        }
        int n = value.intValue();
        if (n < min || n > max) {
            problem(field, "must be from " + min + " to " + max + ", got " + n);
            return fallback;
        }
        return n;
    }

    public double number(String field, double fallback, double min, double max) {
        JsonNode value = scalar(field);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.isNumber()) {
            problem(field, "must be a number from " + min + " to " + max);
            return fallback;
        }
        double n = value.doubleValue();
        if (n < min || n > max) {
            problem(field, "must be from " + min + " to " + max + ", got " + n);
            return fallback;
        }
        return n;
    }

    public boolean bool(String field, boolean fallback) {
        JsonNode value = scalar(field);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            problem(field, "must be true or false");
            return fallback;
        }
        return value.booleanValue();
    }

    /** A duration written as {@code 250ms}, {@code 30s}, {@code 5m} or {@code 1h}. */
    public Duration duration(String field, Duration fallback) {
        JsonNode value = scalar(field);
        if (value.isMissingNode()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(value.isTextual() ? value.asText().trim() : "");
        if (!m.matches()) {
            problem(field, "must be a duration such as 500ms, 30s, 5m or 1h, got '" + value.asText() + "'");
            return fallback;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** A byte size written as a number of bytes or with a unit ({@code 512KB}, {@code 10MiB}). */
    long size(String field, long fallback) {
        JsonNode value = scalar(field);
        if (value.isMissingNode()) {
            return fallback;
        }
        Matcher m = SIZE.matcher(value.asText().trim());
        if (!(value.isIntegralNumber() || value.isTextual()) || !m.matches()) {
            problem(field, "must be a size such as 1048576, 512KB or 10MB, got '" + value.asText() + "'");
            return fallback;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long multiplier = switch (unit) {
            case "KB", "KiB" -> 1024L;
            case "MB", "MiB" -> 1024L * 1024;
            case "GB", "GiB" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        if (n <= 0) {
            problem(field, "must be more than 0");
            return fallback;
        }
        return n * multiplier;
    }

    /** A list of strings; a single string is accepted as a list of one. */
    public List<String> strings(String field) {
        JsonNode value = value(field);
        List<String> out = new ArrayList<>();
        if (value.isMissingNode()) {
            return out;
        }
        if (value.isTextual()) {
            out.add(env.substitute(value.asText(), child(field), problems));
            return out;
        }
        if (!value.isArray()) {
            problem(field, "must be a list of strings");
            return out;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                problems.add(new ConfigProblem(child(field) + "[" + i + "]", "must be a string"));
            } else {
                out.add(env.substitute(item.asText(), child(field) + "[" + i + "]", problems));
            }
        }
        return out;
    }

    /** A map of string to string (for example extra headers). */
    public Map<String, String> stringMap(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        ConfigNode map = object(field);
        if (map == null) {
            return out;
        }
        for (String key : map.fieldNames()) {
            String v = map.string(key, true);
            if (v != null) {
                out.put(key, v);
            }
        }
        return out;
    }

    /**
     * The field as written, without {@code ${ENV}} substitution, for free-form JSON the config passes
     * on to another reader (a prompt template's definition); a missing node when absent.
     */
    JsonNode raw(String field) {
        return value(field);
    }

    /** Whether {@code field} is present and a mapping (for a field that may be a number or a mapping). */
    boolean isObject(String field) {
        return value(field).isObject();
    }

    /** A nested object, or {@code null} when absent (or not an object, which is reported). */
    @Nullable
    public ConfigNode object(String field) {
        JsonNode value = value(field);
        if (value.isMissingNode()) {
            return null;
        }
        if (!value.isObject()) {
            problem(field, "must be a mapping of fields");
            return null;
        }
        return new ConfigNode(value, child(field), problems, env);
    }

    /** A mapping from names to objects, each read by {@code reader}; keeps the file's order. */
    <T> Map<String, T> namedObjects(String field, BiFunction<String, ConfigNode, T> reader) {
        ConfigNode map = object(field);
        return map == null ? new LinkedHashMap<>() : map.asNamedObjects(reader);
    }

    /**
     * This object as a mapping from names to objects, each read by {@code reader} and then checked
     * for unknown fields; keeps the file's order.
     */
    <T> Map<String, T> asNamedObjects(BiFunction<String, ConfigNode, T> reader) {
        Map<String, T> out = new LinkedHashMap<>();
        for (String name : fieldNames()) {
            ConfigNode item = object(name);
            if (item != null) {
                T read = reader.apply(name, item);
                item.finish();
                if (read != null) {
                    out.put(name, read);
                }
            }
        }
        finish();
        return out;
    }

    /** A list of objects, each read by {@code reader}. */
    public <T> List<T> objectList(String field, Function<ConfigNode, ? extends @Nullable T> reader) {
        JsonNode value = value(field);
        List<T> out = new ArrayList<>();
        if (value.isMissingNode()) {
            return out;
        }
        if (!value.isArray()) {
            problem(field, "must be a list");
            return out;
        }
        for (int i = 0; i < value.size(); i++) {
            String itemPath = child(field) + "[" + i + "]";
            if (!value.get(i).isObject()) {
                problems.add(new ConfigProblem(itemPath, "must be a mapping of fields"));
                continue;
            }
            ConfigNode item = new ConfigNode(value.get(i), itemPath, problems, env);
            T read = reader.apply(item);
            item.finish();
            if (read != null) {
                out.add(read);
            }
        }
        return out;
    }

    public List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    /** Reports every field of this object that no accessor asked for. */
    public void finish() {
        for (String name : fieldNames()) {
            if (!known.contains(name)) {
                problem(name, "is not a known field");
            }
        }
    }
}
