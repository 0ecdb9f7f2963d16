package dev.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.ReasoningEffort;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.routing.Route;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Builds the body of an Anthropic Messages API request ({@code POST /v1/messages}, docs.anthropic.com
 * "Messages API") from an OpenAI chat-completions request. Messages are translated by
 * {@link OpenAiToAnthropicMessages}; this class maps the request-level fields.
 *
 * <p>Fields with no Anthropic equivalent that would change the shape of the answer ({@code n > 1},
 * {@code logprobs}, a JSON {@code response_format}) are refused, because silently dropping them
 * would hand the client something it did not ask for. Sampling hints with no equivalent
 * ({@code seed}, {@code presence_penalty}, {@code frequency_penalty}, {@code logit_bias}) are
 * dropped: the answer keeps its shape without them. {@code reasoning_effort} turns extended thinking
 * on with the {@linkplain ReasoningEffort budget} it stands for ({@code none} leaves it off, which is
 * Anthropic's default); the thinking comes back as output tokens, which Anthropic's
 * {@code output_tokens} already include. Pure; never mutates the canonical request.
 */
final class OpenAiToAnthropicRequest {

    private OpenAiToAnthropicRequest() {}

    static Buffer translate(CanonicalRequest request, Route route) {
        ObjectNode in = request.body();
        String provider = route.provider().name();
        refuseInexpressible(in, provider);
        OpenAiToAnthropicMessages.Translated messages =
                OpenAiToAnthropicMessages.translate(in.path("messages"), provider);

        ObjectNode out = Json.object();
        out.put("model", route.upstreamModel());
        // max_tokens is required by the Messages API, unlike OpenAI's optional limit.
        int maxTokens = request.maxOutputTokens() != null
                ? request.maxOutputTokens()
                : route.provider().options().defaultMaxTokens();
        Integer thinking = ReasoningEffort.budget(in);
        if (thinking != null && thinking > 0) {
            // Extended thinking ("Extended thinking", docs.claude.com): budget_tokens counts against
            // max_tokens and must stay below it, so the limit grows when the budget does not fit.
            maxTokens = ReasoningEffort.maxTokensWith(thinking, maxTokens);
            out.putObject("thinking").put("type", "enabled").put("budget_tokens", thinking);
        }
        out.put("max_tokens", maxTokens);
        if (messages.system() != null) {
            out.set("system", messages.system());
        }
        out.set("messages", messages.messages());
        stopSequences(in.get("stop"), out);
        copyNumber(in, out, "temperature");
        copyNumber(in, out, "top_p");
        if (in.path("user").isTextual()) {
            out.putObject("metadata").put("user_id", in.get("user").asText());
        }
        JsonNode tools = in.get("tools");
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            out.set("tools", tools(tools, provider));
            JsonNode choice = toolChoice(in.get("tool_choice"), in.path("parallel_tool_calls"), provider);
            if (choice != null) {
                out.set("tool_choice", choice);
            }
        }
        if (request.stream()) {
            out.put("stream", true);
        }
        return Json.encode(out);
    }

    private static void refuseInexpressible(ObjectNode in, String provider) {
        if (in.path("n").asInt(1) > 1) {
            throw cannot(provider, "several choices per request ('n' > 1)", "n");
        }
        if (in.path("logprobs").asBoolean(false)) {
            throw cannot(provider, "log probabilities", "logprobs");
        }
        String format = in.path("response_format").path("type").asText("text");
        if (!format.equals("text")) {
            throw cannot(provider, "response_format '" + format + "'", "response_format");
        }
    }

    private static void stopSequences(JsonNode stop, ObjectNode out) {
        if (stop == null || stop.isNull()) {
            return;
        }
        ArrayNode sequences = out.putArray("stop_sequences");
        if (stop.isTextual()) {
            sequences.add(stop.asText());
        } else {
            stop.forEach(sequences::add);
        }
    }

    private static void copyNumber(ObjectNode in, ObjectNode out, String field) {
        JsonNode value = in.get(field);
        if (value != null && value.isNumber()) {
            out.set(field, value);
        }
    }

    /** OpenAI function tools become Anthropic client tools (Tool use, "Define tools"). */
    private static ArrayNode tools(JsonNode tools, String provider) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String type = tool.path("type").asText("function");
            if (!type.equals("function")) {
                throw cannot(provider, "tools of type '" + type + "'", "tools[" + i + "].type");
            }
            JsonNode function = tool.path("function");
            ObjectNode t = out.addObject();
            t.put("name", function.path("name").asText());
            if (function.path("description").isTextual()) {
                t.put("description", function.get("description").asText());
            }
            // input_schema is required; OpenAI lets a function omit its parameters.
            JsonNode parameters = function.get("parameters");
            if (parameters != null && parameters.isObject()) {
                t.set("input_schema", parameters);
            } else {
                ObjectNode empty = t.putObject("input_schema");
                empty.put("type", "object");
                empty.putObject("properties");
            }
            // A breakpoint on a tool caches every tool definition up to it ("Prompt caching", tools).
            OpenAiToAnthropicMessages.copyCacheControl(tool, t);
            OpenAiToAnthropicMessages.copyCacheControl(function, t);
        }
        return out;
    }

    /**
     * OpenAI's {@code tool_choice} and {@code parallel_tool_calls} in Anthropic's terms (Tool use,
     * "Forcing tool use"): auto → auto, required → any, a named function → tool, none → none;
     * {@code parallel_tool_calls: false} → {@code disable_parallel_tool_use: true}.
     */
    private static @Nullable JsonNode toolChoice(JsonNode choice, JsonNode parallel, String provider) {
        boolean serial = parallel.isBoolean() && !parallel.booleanValue();
        ObjectNode out = Json.object();
        if (choice == null || choice.isNull()) {
            if (!serial) {
                return null;
            }
            out.put("type", "auto");
        } else if (choice.isTextual()) {
            switch (choice.asText()) {
                case "auto" -> out.put("type", "auto");
                case "required" -> out.put("type", "any");
                case "none" -> {
                    // ToolChoiceNone has no disable_parallel_tool_use: no tool is called at all.
                    out.put("type", "none");
                    return out;
                }
                default -> throw cannot(provider, "tool_choice '" + choice.asText() + "'", "tool_choice");
            }
        } else if (choice.path("type").asText().equals("function")
                && choice.path("function").path("name").isTextual()) {
            out.put("type", "tool");
            out.put("name", choice.path("function").path("name").asText());
        } else {
            throw cannot(provider, "this form of tool_choice", "tool_choice");
        }
        if (serial) {
            out.put("disable_parallel_tool_use", true);
        }
        return out;
    }

    static GatewayError cannot(String provider, String what, String param) {
        return GatewayError.invalid(
                "Provider '" + provider + "' speaks Anthropic's Messages API, which does not support " + what + ".",
                param);
    }
}
