package dev.gatehouse.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.FieldChecks;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import org.jspecify.annotations.Nullable;

/**
 * Field checks with OpenAI's error wording ("Invalid type for 'x': expected ..."), for fields at any
 * depth of a Responses request; {@code param} is the field's path as OpenAI names it
 * ({@code input[0].content[1].type}).
 */
final class ResponsesChecks {

    private ResponsesChecks() {}

    static @Nullable JsonNode present(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        return value == null || value.isNull() ? null : value;
    }

    static String requiredString(JsonNode parent, String field, String param) {
        JsonNode value = present(parent, field);
        if (value == null) {
            throw missing(param);
        }
        if (!value.isTextual()) {
            throw wrongType(param, "a string", value);
        }
        return value.asText();
    }

    static @Nullable String optionalString(JsonNode parent, String field, String param) {
        JsonNode value = present(parent, field);
        if (value != null && !value.isTextual()) {
            throw wrongType(param, "a string", value);
        }
        return value == null ? null : value.asText();
    }

    static @Nullable Boolean optionalBoolean(JsonNode parent, String field) {
        JsonNode value = present(parent, field);
        if (value != null && !value.isBoolean()) {
            throw wrongType(field, "a boolean", value);
        }
        return value == null ? null : value.asBoolean();
    }

    static @Nullable Integer optionalInteger(JsonNode parent, String field, long min) {
        JsonNode value = present(parent, field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(field, "an integer", value);
        }
        if (value.asLong() < min) {
            throw invalid(
                    "Invalid '" + field + "': integer below minimum value. Expected a value >= " + min + ", but got "
                            + value.asLong() + " instead.",
                    field,
                    "integer_below_min_value");
        }
        return (int) Math.min(value.asLong(), Integer.MAX_VALUE);
    }

    static void optionalNumber(JsonNode parent, String field, double min, double max) {
        JsonNode value = present(parent, field);
        if (value == null) {
            return;
        }
        if (!value.isNumber()) {
            throw wrongType(field, "a number", value);
        }
        if (value.asDouble() < min || value.asDouble() > max) {
            throw invalid(
                    "Invalid '" + field + "': expected a number from " + min + " to " + max + ", but got "
                            + value.asText() + " instead.",
                    field,
                    "invalid_value");
        }
    }

    static @Nullable JsonNode optionalObject(JsonNode parent, String field, String param) {
        JsonNode value = present(parent, field);
        if (value != null && !value.isObject()) {
            throw wrongType(param, "an object", value);
        }
        return value;
    }

    static GatewayError missing(String param) {
        return invalid("Missing required parameter: '" + param + "'.", param, "missing_required_parameter");
    }

    static GatewayError wrongType(String param, String expected, JsonNode got) {
        return FieldChecks.wrongType(param, expected, got);
    }

    static GatewayError unsupported(String param, String message) {
        return invalid(message, param, "unsupported_value");
    }

    static GatewayError invalid(String message, String param, String code) {
        return GatewayError.of(ErrorKind.INVALID_REQUEST, message, param, code);
    }
}
