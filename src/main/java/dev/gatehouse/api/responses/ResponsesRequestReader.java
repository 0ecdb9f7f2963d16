package dev.gatehouse.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
import dev.gatehouse.api.NativeRequest;
import dev.gatehouse.api.RequestReader;
import dev.gatehouse.api.StoredText;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Responses request ({@code POST /v1/responses}, OpenAI's {@code CreateResponse}): checks
 * the fields the gateway acts on or translates, with a 400 naming the field, and turns it into the
 * canonical chat request ({@link ResponsesToChatRequest}). The client's body is kept beside it as
 * the {@link NativeRequest.Dialect#OPENAI_RESPONSES} request, which marks the exchange as a
 * Responses call for the stages and the writer that continue and store conversations. Pure; event
 * loop.
 */
public final class ResponsesRequestReader implements RequestReader {

    private static final Set<String> TOOL_CHOICES = Set.of("none", "auto", "required");
    private static final Set<String> FORMATS = Set.of("text", "json_object", "json_schema");

    @Override
    public CanonicalRequest read(ObjectNode body, Buffer bytes, MultiMap headers) {
        return read(body, bytes).withNative(new NativeRequest(NativeRequest.Dialect.OPENAI_RESPONSES, bytes, Map.of()));
    }

    @Override
    public CanonicalRequest read(ObjectNode body, @Nullable Buffer bytes) {
        check(body);
        return canonical(body, List.of());
    }

    /**
     * The canonical request for a checked body that continues the conversation {@code history}
     * (see {@link ResponsesToChatRequest#translate}).
     */
    public static CanonicalRequest canonical(ObjectNode body, List<? extends JsonNode> history) {
        boolean stream = body.path("stream").asBoolean(false);
        JsonNode max = body.get("max_output_tokens");
        Integer maxOutput =
                max == null || !max.isIntegralNumber() ? null : (int) Math.min(max.asLong(), Integer.MAX_VALUE);
        // The Responses stream always ends with usage, so the canonical request always asks for it.
        return new CanonicalRequest(
                Endpoint.CHAT_COMPLETIONS,
                ResponsesToChatRequest.translate(body, history),
                body.path("model").asText(),
                stream,
                stream,
                maxOutput,
                null);
    }

    private static void check(ObjectNode body) {
        String model = ResponsesChecks.requiredString(body, "model", "model");
        if (model.isBlank()) {
            throw ResponsesChecks.invalid("Invalid 'model': empty string.", "model", "empty_string");
        }
        JsonNode input = ResponsesChecks.present(body, "input");
        if (input == null) {
            throw ResponsesChecks.missing("input");
        }
        ResponsesInput.check(input);
        ResponsesChecks.optionalString(body, "instructions", "instructions");
        ResponsesChecks.optionalString(body, "previous_response_id", "previous_response_id");
        ResponsesChecks.optionalString(body, "user", "user");
        ResponsesChecks.optionalBoolean(body, "stream");
        ResponsesChecks.optionalBoolean(body, "store");
        ResponsesChecks.optionalBoolean(body, "parallel_tool_calls");
        ResponsesChecks.optionalInteger(body, "max_output_tokens", 1);
        ResponsesChecks.optionalNumber(body, "temperature", 0, 2);
        ResponsesChecks.optionalNumber(body, "top_p", 0, 1);
        if (Boolean.TRUE.equals(ResponsesChecks.optionalBoolean(body, "background"))) {
            throw ResponsesChecks.unsupported(
                    "background", "Background responses are not supported by this gateway; leave 'background' unset.");
        }
        for (String field : List.of("conversation", "prompt")) {
            if (ResponsesChecks.present(body, field) != null) {
                throw ResponsesChecks.unsupported(
                        field,
                        "'" + field + "' is not supported by this gateway; send the input itself"
                                + (field.equals("conversation") ? " or use 'previous_response_id'." : "."));
            }
        }
        checkMetadata(body);
        checkReasoning(body);
        checkTools(body);
        checkToolChoice(body);
        checkText(body);
        List<Object> nul = StoredText.firstNul(body);
        if (nul != null) {
            String param = StoredText.openAiPath(nul);
            throw ResponsesChecks.invalid(
                    "Invalid '" + param + "': string contains a NUL character (\\u0000), which is not allowed.",
                    param,
                    "invalid_value");
        }
    }

    private static void checkMetadata(ObjectNode body) {
        JsonNode metadata = ResponsesChecks.optionalObject(body, "metadata", "metadata");
        if (metadata == null) {
            return;
        }
        if (metadata.size() > 16) {
            throw ResponsesChecks.invalid(
                    "Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got "
                            + metadata.size() + " instead.",
                    "metadata",
                    "object_above_max_properties");
        }
        metadata.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw ResponsesChecks.wrongType("metadata." + e.getKey(), "a string", e.getValue());
            }
        });
    }

    private static void checkReasoning(ObjectNode body) {
        JsonNode reasoning = ResponsesChecks.optionalObject(body, "reasoning", "reasoning");
        if (reasoning != null) {
            ResponsesChecks.optionalString(reasoning, "effort", "reasoning.effort");
        }
    }

    private static void checkTools(ObjectNode body) {
        JsonNode tools = ResponsesChecks.present(body, "tools");
        if (tools == null) {
            return;
        }
        if (!tools.isArray()) {
            throw ResponsesChecks.wrongType("tools", "an array", tools);
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String param = "tools[" + i + "]";
            if (!tool.isObject()) {
                throw ResponsesChecks.wrongType(param, "an object", tool);
            }
            String type = ResponsesChecks.requiredString(tool, "type", param + ".type");
            if (!type.equals("function")) {
                throw ResponsesChecks.unsupported(
                        param + ".type",
                        "Tools of type '" + type + "' are not supported by this gateway; only 'function' tools are.");
            }
            ResponsesChecks.requiredString(tool, "name", param + ".name");
            ResponsesChecks.optionalObject(tool, "parameters", param + ".parameters");
        }
    }

    private static void checkToolChoice(ObjectNode body) {
        JsonNode choice = ResponsesChecks.present(body, "tool_choice");
        if (choice == null) {
            return;
        }
        if (choice.isTextual()) {
            if (!TOOL_CHOICES.contains(choice.asText())) {
                throw ResponsesChecks.invalid(
                        "Invalid value: '" + choice.asText()
                                + "'. Supported values are: 'none', 'auto' and 'required'.",
                        "tool_choice",
                        "invalid_value");
            }
            return;
        }
        if (!choice.isObject()) {
            throw ResponsesChecks.wrongType("tool_choice", "a string or an object", choice);
        }
        String type = ResponsesChecks.requiredString(choice, "type", "tool_choice.type");
        if (!type.equals("function")) {
            throw ResponsesChecks.unsupported(
                    "tool_choice.type",
                    "tool_choice of type '" + type + "' is not supported by this gateway; use 'function'.");
        }
        ResponsesChecks.requiredString(choice, "name", "tool_choice.name");
    }

    private static void checkText(ObjectNode body) {
        JsonNode text = ResponsesChecks.optionalObject(body, "text", "text");
        if (text == null) {
            return;
        }
        JsonNode format = ResponsesChecks.optionalObject(text, "format", "text.format");
        if (format == null) {
            return;
        }
        String type = ResponsesChecks.requiredString(format, "type", "text.format.type");
        if (!FORMATS.contains(type)) {
            throw ResponsesChecks.invalid(
                    "Invalid value: '" + type + "'. Supported values are: 'text', 'json_object' and 'json_schema'.",
                    "text.format.type",
                    "invalid_value");
        }
        if (type.equals("json_schema")) {
            ResponsesChecks.requiredString(format, "name", "text.format.name");
            if (ResponsesChecks.optionalObject(format, "schema", "text.format.schema") == null) {
                throw ResponsesChecks.missing("text.format.schema");
            }
        }
    }
}
