package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.RequestOption;
import dev.gatehouse.api.StoredText;
import dev.gatehouse.auth.BudgetPeriod;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One admin request body, read strictly: it must be a JSON object of known fields, and every value
 * is checked as it is read, failing with a 400 that names the field ({@code param}). Reading is
 * pure and done on the event loop before anything is written, so a bad field writes nothing.
 *
 * <p>A getter distinguishes an absent field ({@link #has} is false: keep the current value on
 * PATCH) from an explicit {@code null} (clear it).
 */
final class AdminBody {

    private final ObjectNode node;

    private AdminBody(ObjectNode node) {
        this.node = node;
    }

    /** Parses {@code body}, allowing only {@code allowed} fields; an empty body is an empty object. */
    static AdminBody parse(Buffer body, Set<String> allowed) {
        ObjectNode node;
        if (body == null || body.length() == 0) {
            node = Json.object();
        } else {
            JsonNode parsed = Json.tryParse(body)
                    .orElseThrow(() -> error("The request body is not valid JSON.", null, "invalid_json"));
            if (!(parsed instanceof ObjectNode object)) {
                throw error("The request body must be a JSON object.", null, "invalid_json");
            }
            node = object;
        }
        var names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw error("Unrecognized request argument supplied: " + name + ".", name, "unknown_field");
            }
        }
        List<Object> nul = StoredText.firstNulAnywhere(node);
        if (nul != null) {
            String param = nul.isEmpty() ? "" : StoredText.openAiPath(nul);
            throw error(
                    "'" + param + "' contains a NUL character (\\u0000), which is not allowed.",
                    param,
                    "invalid_value");
        }
        StoreColumns.MAX_CHARS.forEach((field, max) -> {
            JsonNode v = node.get(field);
            if (v != null && v.isTextual()) {
                checkLength(field, v.textValue(), max);
            }
        });
        return new AdminBody(node);
    }

    /** Refuses text longer than the store column it goes into, in characters as PostgreSQL counts them. */
    static void checkLength(String param, String text, int maxChars) {
        if (text.codePointCount(0, text.length()) > maxChars) {
            throw error("'" + param + "' must be at most " + maxChars + " characters.", param, "invalid_value");
        }
    }

    boolean has(String field) {
        return node.has(field);
    }

    /** The field's JSON as sent, for a reader of a structured field; null when absent. */
    @Nullable
    JsonNode raw(String field) {
        return node.get(field);
    }

    /** The body as read, for definitions another strict reader checks (prompt templates). */
    ObjectNode node() {
        return node;
    }

    @Nullable
    String string(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw invalid(field, "a non-empty string");
        }
        return v.asText();
    }

    boolean bool(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw invalid(field, "true or false");
        }
        return v.asBoolean();
    }

    /** A whole number of at least zero, or null. */
    @Nullable
    Long count(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || v.asLong() < 0 || !v.canConvertToLong()) {
            throw invalid(field, "a whole number of at least 0");
        }
        return v.asLong();
    }

    /** An amount of US dollars of at least zero, or null. */
    @Nullable
    Double dollars(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || v.asDouble() < 0 || !Double.isFinite(v.asDouble())) {
            throw invalid(field, "a number of at least 0");
        }
        return v.asDouble();
    }

    /** An object of model name to whole number of at least zero (LiteLLM's {@code model_rpm_limit}); empty when absent. */
    Map<String, Long> counts(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw invalid(field, "an object of model names to whole numbers of at least 0");
        }
        Map<String, Long> out = new HashMap<>();
        var fields = v.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (!e.getValue().isIntegralNumber()
                    || !e.getValue().canConvertToLong()
                    || e.getValue().asLong() < 0) {
                throw invalid(field, "an object of model names to whole numbers of at least 0");
            }
            out.put(e.getKey(), e.getValue().asLong());
        }
        return out;
    }

    List<String> strings(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw invalid(field, "an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw invalid(field, "an array of non-empty strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    /**
     * A list of {@code x-gateway-options} names, or {@code null} (absent or null: the default set).
     * An unknown name is a 400 naming the field.
     */
    @Nullable
    Set<RequestOption> options(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        Set<RequestOption> out = EnumSet.noneOf(RequestOption.class);
        for (String name : strings(field)) {
            RequestOption o = RequestOption.parse(name);
            if (o == null) {
                throw error(
                        "Unknown option '" + name + "' in '" + field + "'. Known options: " + RequestOption.choices()
                                + ".",
                        field,
                        "invalid_value");
            }
            out.add(o);
        }
        return out;
    }

    ObjectNode object(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Json.object();
        }
        if (!(v instanceof ObjectNode o)) {
            throw invalid(field, "a JSON object");
        }
        return o.deepCopy();
    }

    @Nullable
    BudgetPeriod period(String field) {
        String v = string(field);
        if (v == null) {
            return null;
        }
        try {
            return BudgetPeriod.parse(v);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage() + ".", field, "invalid_value");
        }
    }

    /** An ISO-8601 instant ({@code 2026-12-31T00:00:00Z}), or null. */
    @Nullable
    Instant instant(String field) {
        String v = string(field);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw invalid(field, "an ISO-8601 time such as 2026-12-31T00:00:00Z");
        }
    }

    /** A duration such as LiteLLM's {@code 30s}, {@code 15m}, {@code 12h}, {@code 30d}, or null. */
    @Nullable
    Duration duration(String field) {
        String v = string(field);
        if (v == null) {
            return null;
        }
        if (v.matches("[0-9]{1,6}[smhd]")) {
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        throw invalid(field, "a duration such as 30s, 15m, 12h or 30d");
    }

    private static GatewayError invalid(String field, String expected) {
        return error("'" + field + "' must be " + expected + ".", field, "invalid_value");
    }

    static GatewayError error(String message, @Nullable String param, String code) {
        return GatewayError.of(dev.gatehouse.error.ErrorKind.INVALID_REQUEST, message, param, code);
    }
}
