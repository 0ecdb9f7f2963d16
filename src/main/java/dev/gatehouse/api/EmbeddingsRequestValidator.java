package dev.gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/** Checks an OpenAI embeddings request (CreateEmbeddingRequest in OpenAI's API reference). */
public final class EmbeddingsRequestValidator {

    private EmbeddingsRequestValidator() {}

    public static CanonicalRequest validate(ObjectNode body, @Nullable Buffer originalBytes) {
        FieldChecks f = new FieldChecks(body);
        String model = f.requiredString("model");
        checkInput(f.present("input"));
        f.optionalInteger("dimensions", 1, 65_536);
        f.optionalString("user");
        f.noNulInStoredText();
        JsonNode format = f.present("encoding_format");
        if (format != null
                && !(format.isTextual()
                        && (format.asText().equals("float") || format.asText().equals("base64")))) {
            throw FieldChecks.error(
                    "Invalid value: '" + format.asText() + "'. Supported values are: 'float' and 'base64'.",
                    "encoding_format",
                    "invalid_value");
        }
        return new CanonicalRequest(Endpoint.EMBEDDINGS, body, model, false, false, null, originalBytes);
    }

    private static void checkInput(@Nullable JsonNode input) {
        if (input == null) {
            throw FieldChecks.error("Missing required parameter: 'input'.", "input", "missing_required_parameter");
        }
        if (input.isTextual()) {
            if (input.asText().isEmpty()) {
                throw FieldChecks.error(
                        "Invalid 'input': empty string. Expected a non-empty string.", "input", "empty_string");
            }
            return;
        }
        if (!input.isArray()) {
            throw FieldChecks.wrongType("input", "a string or an array", input);
        }
        if (input.isEmpty()) {
            throw FieldChecks.error(
                    "Invalid 'input': empty array. Expected an array with minimum length 1, but got an empty array instead.",
                    "input",
                    "empty_array");
        }
        if (input.size() > 2048) {
            throw FieldChecks.error(
                    "Invalid 'input': array too long. Expected an array with maximum length 2048, but got an array with length "
                            + input.size() + " instead.",
                    "input",
                    "array_above_max_length");
        }
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String param = "input[" + i + "]";
            if (item.isIntegralNumber()) {
                checkTokenId(item, param);
            } else if (isTokenArray(item)) {
                for (int t = 0; t < item.size(); t++) {
                    checkTokenId(item.get(t), param + "[" + t + "]");
                }
            } else if (!(item.isTextual() && !item.asText().isEmpty())) {
                throw FieldChecks.error(
                        "Invalid '" + param + "': expected a non-empty string, a token, or an array of tokens.",
                        param,
                        "invalid_value");
            }
        }
    }

    private static boolean isTokenArray(JsonNode item) {
        if (!item.isArray() || item.isEmpty()) {
            return false;
        }
        for (JsonNode token : item) {
            if (!token.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }

    /**
     * A token id indexes a tokenizer's vocabulary, which tokenizers hold as 32-bit integers; a
     * negative id or one past that (which Jackson reads as a long or a BigInteger) names no token.
     */
    private static void checkTokenId(JsonNode token, String param) {
        if (!token.canConvertToInt() || token.intValue() < 0) {
            throw FieldChecks.error(
                    "Invalid '" + param + "': " + token.asText()
                            + " is not a token id; expected a whole number from 0 to " + Integer.MAX_VALUE + ".",
                    param,
                    "invalid_value");
        }
    }
}
