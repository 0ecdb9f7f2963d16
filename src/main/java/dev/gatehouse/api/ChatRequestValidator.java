package dev.gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks an OpenAI chat-completions request before anything is spent on it, and reads the facts the
 * gateway needs. Mirrors the constraints of OpenAI's API reference (CreateChatCompletionRequest) for
 * the fields the gateway or every provider relies on; other fields pass through unchecked.
 */
public final class ChatRequestValidator {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private ChatRequestValidator() {}

    public static CanonicalRequest validate(ObjectNode body, @Nullable Buffer originalBytes) {
        FieldChecks f = new FieldChecks(body);
        String model = f.requiredString("model");
        checkMessages(f);
        boolean stream = f.optionalBoolean("stream");
        Integer maxTokens = f.optionalInteger("max_tokens", 1, Integer.MAX_VALUE);
        Integer maxCompletionTokens = f.optionalInteger("max_completion_tokens", 1, Integer.MAX_VALUE);
        f.optionalNumber("temperature", 0, 2);
        f.optionalNumber("top_p", 0, 1);
        f.optionalInteger("n", 1, 128);
        f.optionalNumber("presence_penalty", -2, 2);
        f.optionalNumber("frequency_penalty", -2, 2);
        f.optionalInteger("seed", Long.MIN_VALUE, Long.MAX_VALUE);
        f.optionalBoolean("logprobs");
        f.optionalInteger("top_logprobs", 0, 20);
        f.optionalBoolean("parallel_tool_calls");
        f.optionalString("user");
        f.optionalObject("metadata");
        f.optionalObject("response_format");
        f.optionalObject("logit_bias");
        checkStop(f);
        checkTools(f);
        f.noNulInStoredText();
        JsonNode streamOptions = f.optionalObject("stream_options");
        if (streamOptions != null && !stream) {
            throw FieldChecks.error(
                    "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
                    "stream_options",
                    "invalid_value");
        }
        boolean wantsUsage =
                streamOptions != null && streamOptions.path("include_usage").asBoolean(false);
        Integer maxOutput = maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
        return new CanonicalRequest(
                Endpoint.CHAT_COMPLETIONS, body, model, stream, wantsUsage, maxOutput, originalBytes);
    }

    private static void checkMessages(FieldChecks f) {
        JsonNode messages = f.present("messages");
        if (messages == null) {
            throw FieldChecks.error(
                    "Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }
        if (!messages.isArray()) {
            throw FieldChecks.wrongType("messages", "an array", messages);
        }
        if (messages.isEmpty()) {
            throw FieldChecks.error(
                    "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
                    "messages",
                    "empty_array");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[" + i + "]";
            if (!message.isObject()) {
                throw FieldChecks.wrongType(param, "an object", message);
            }
            JsonNode role = message.get("role");
            if (role == null || role.isNull()) {
                throw FieldChecks.error(
                        "Missing required parameter: '" + param + ".role'.",
                        param + ".role",
                        "missing_required_parameter");
            }
            if (!role.isTextual() || !ROLES.contains(role.asText())) {
                throw FieldChecks.error(
                        "Invalid value: '" + role.asText()
                                + "'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool' and 'function'.",
                        param + ".role",
                        "invalid_value");
            }
            JsonNode content = message.get("content");
            if (content != null && !content.isNull() && !content.isTextual() && !content.isArray()) {
                throw FieldChecks.wrongType(param + ".content", "a string or an array", content);
            }
            if (role.asText().equals("tool") && !message.path("tool_call_id").isTextual()) {
                throw FieldChecks.error(
                        "Missing required parameter: '" + param + ".tool_call_id'.",
                        param + ".tool_call_id",
                        "missing_required_parameter");
            }
        }
    }

    private static void checkStop(FieldChecks f) {
        JsonNode stop = f.present("stop");
        if (stop == null || stop.isTextual()) {
            return;
        }
        if (!stop.isArray()) {
            throw FieldChecks.wrongType("stop", "a string or an array of strings", stop);
        }
        if (stop.size() > 4) {
            throw FieldChecks.error(
                    "Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length "
                            + stop.size() + " instead.",
                    "stop",
                    "array_above_max_length");
        }
        for (int i = 0; i < stop.size(); i++) {
            if (!stop.get(i).isTextual()) {
                throw FieldChecks.wrongType("stop[" + i + "]", "a string", stop.get(i));
            }
        }
    }

    private static void checkTools(FieldChecks f) {
        JsonNode tools = f.optionalArray("tools");
        if (tools == null) {
            return;
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String param = "tools[" + i + "]";
            if (!tool.isObject()) {
                throw FieldChecks.wrongType(param, "an object", tool);
            }
            if (tool.path("type").asText("function").equals("function")
                    && !tool.path("function").path("name").isTextual()) {
                throw FieldChecks.error(
                        "Missing required parameter: '" + param + ".function.name'.",
                        param + ".function.name",
                        "missing_required_parameter");
            }
        }
    }
}
