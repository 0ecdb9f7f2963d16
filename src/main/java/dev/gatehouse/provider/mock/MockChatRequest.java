package dev.gatehouse.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The parts of an OpenAI chat completion request the mock acts on, validated as OpenAI would.
 * Immutable; built on the event loop from the parsed body.
 *
 * @param model the requested model, echoed back
 * @param messages the {@code messages} array, the seed of the reply and the prompt to count
 * @param n how many choices to generate
 * @param maxTokens {@code max_completion_tokens}, else {@code max_tokens}, if either is set
 * @param stream whether to answer with server-sent events
 * @param includeUsage whether a streamed answer ends with a usage chunk
 * @param tool the {@code function} object of the tool to call, or {@code null} to answer in text
 * @param directives fault injection read from the last user message
 */
record MockChatRequest(
        String model,
        JsonNode messages,
        int n,
        OptionalInt maxTokens,
        boolean stream,
        boolean includeUsage,
        @Nullable JsonNode tool,
        MockDirectives directives) {

    /** OpenAI caps {@code n} at 128. */
    private static final int MAX_N = 128;

    static MockChatRequest parse(JsonNode body) {
        if (!body.isObject()) {
            throw MockRejection.invalidJson();
        }
        String model = body.path("model").asText("");
        if (model.isEmpty()) {
            throw MockRejection.missing("model");
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw MockRejection.missing("messages");
        }
        int n = body.path("n").isNull() ? 1 : body.path("n").asInt(1);
        if (n < 1 || n > MAX_N) {
            throw MockRejection.invalid("n", "Invalid 'n': must be between 1 and " + MAX_N + ".");
        }
        OptionalInt maxTokens = limit(body, "max_completion_tokens");
        if (maxTokens.isEmpty()) {
            maxTokens = limit(body, "max_tokens");
        }
        boolean stream = body.path("stream").asBoolean(false);
        boolean includeUsage =
                stream && body.path("stream_options").path("include_usage").asBoolean(false);
        return new MockChatRequest(
                model,
                messages,
                n,
                maxTokens,
                stream,
                includeUsage,
                toolToCall(body, messages),
                MockDirectives.fromMessages(messages));
    }

    private static OptionalInt limit(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return OptionalInt.empty();
        }
        if (!value.canConvertToInt() || value.asInt() < 1) {
            throw MockRejection.invalid(
                    field, "Invalid '" + field + "': integer below minimum value. Expected a value >= 1.");
        }
        return OptionalInt.of(value.asInt());
    }

    /**
     * The tool the simulated model calls: the one {@code tool_choice} names, else the first function
     * tool. None when tools are off, or when the last message is a tool result, since a model that
     * called the tool again on every result would loop an agent forever.
     */
    private static @Nullable JsonNode toolToCall(JsonNode body, JsonNode messages) {
        JsonNode tools = body.path("tools");
        JsonNode choice = body.path("tool_choice");
        if (!tools.isArray() || tools.isEmpty() || "none".equals(choice.asText())) {
            return null;
        }
        if ("tool".equals(messages.get(messages.size() - 1).path("role").asText())) {
            return null;
        }
        String wanted = choice.path("function").path("name").asText(null);
        for (JsonNode tool : tools) {
            JsonNode function = tool.path("function");
            if ("function".equals(tool.path("type").asText("function"))
                    && function.hasNonNull("name")
                    && (wanted == null || wanted.equals(function.path("name").asText()))) {
                return function;
            }
        }
        if (wanted != null) {
            throw MockRejection.invalid(
                    "tool_choice",
                    "Invalid value for 'tool_choice': function '" + wanted + "' was not found in 'tools'.");
        }
        return null;
    }
}
