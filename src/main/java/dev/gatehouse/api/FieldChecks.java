package dev.gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Type and range checks on request fields, failing with the messages and codes OpenAI's API uses
 * ({@code invalid_type}, {@code integer_below_min_value}, ...), so clients see familiar errors.
 * An explicit JSON {@code null} counts as absent, as it does at OpenAI.
 */
public final class FieldChecks {

    private final ObjectNode body;

    FieldChecks(ObjectNode body) {
        this.body = body;
    }

    @Nullable
    JsonNode present(String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value;
    }

    String requiredString(String field) {
        JsonNode value = present(field);
        if (value == null) {
            throw error("you must provide a " + field + " parameter", field, "missing_required_parameter");
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
        if (value.asText().isBlank()) {
            throw error("Invalid '" + field + "': empty string. Expected a non-empty string.", field, "empty_string");
        }
        return value.asText();
    }

    void optionalString(String field) {
        JsonNode value = present(field);
        if (value != null && !value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
    }

    boolean optionalBoolean(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "a boolean", value);
        }
        return value.booleanValue();
    }

    @Nullable
    Integer optionalInteger(String field, long min, long max) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw wrongType(field, "an integer", value);
        }
        long n = value.longValue();
        if (n < min || !value.canConvertToLong()) {
            throw error(
                    "Invalid '" + field + "': integer below minimum value. Expected a value >= " + min + ", but got "
                            + value.asText() + " instead.",
                    field,
                    "integer_below_min_value");
        }
        if (n > max) {
            throw error(
                    "Invalid '" + field + "': integer above maximum value. Expected a value <= " + max + ", but got "
                            + value.asText() + " instead.",
                    field,
                    "integer_above_max_value");
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    void optionalNumber(String field, double min, double max) {
        JsonNode value = present(field);
        if (value == null) {
            return;
        }
        if (!value.isNumber()) {
            throw wrongType(field, "a number", value);
        }
        double n = value.doubleValue();
        if (n < min) {
            throw error(
                    "Invalid '" + field + "': decimal below minimum value. Expected a value >= " + min + ", but got "
                            + value.asText() + " instead.",
                    field,
                    "decimal_below_min_value");
        }
        if (n > max) {
            throw error(
                    "Invalid '" + field + "': decimal above maximum value. Expected a value <= " + max + ", but got "
                            + value.asText() + " instead.",
                    field,
                    "decimal_above_max_value");
        }
    }

    @Nullable
    JsonNode optionalObject(String field) {
        JsonNode value = present(field);
        if (value != null && !value.isObject()) {
            throw wrongType(field, "an object", value);
        }
        return value;
    }

    @Nullable
    JsonNode optionalArray(String field) {
        JsonNode value = present(field);
        if (value != null && !value.isArray()) {
            throw wrongType(field, "an array", value);
        }
        return value;
    }

    /** Refuses a NUL in any text the gateway stores ({@link StoredText}). */
    void noNulInStoredText() {
        List<Object> path = StoredText.firstNul(body);
        if (path != null) {
            String param = StoredText.openAiPath(path);
            throw error(
                    "Invalid '" + param + "': the string contains a NUL character (\\u0000), which is not allowed.",
                    param,
                    "invalid_value");
        }
    }

    /** OpenAI's 400 for a field of the wrong JSON type ({@code invalid_type}). */
    public static GatewayError wrongType(String param, String expected, JsonNode got) {
        return error(
                "Invalid type for '" + param + "': expected " + expected + ", but got " + describe(got) + " instead.",
                param,
                "invalid_type");
    }

    static GatewayError error(String message, @Nullable String param, String code) {
        return GatewayError.of(ErrorKind.INVALID_REQUEST, message, param, code);
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isIntegralNumber()) {
            return "an integer";
        }
        if (node.isNumber()) {
            return "a decimal";
        }
        if (node.isArray()) {
            return "an array";
        }
        return node.isObject() ? "an object" : "null";
    }
}
