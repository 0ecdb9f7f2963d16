package dev.gatehouse.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.usage.Usage;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One Response being answered: its id, its creation time and the client's request, from which every
 * Response object and stream event of it is built (OpenAI's {@code Response} schema echoes the
 * request's settings: instructions, tools, tool choice, sampling, text format, metadata). Immutable.
 *
 * @param id {@code resp_...}, made by {@link #newId}
 * @param createdAt Unix seconds
 * @param request the client's checked Responses request
 */
public record ResponseFrame(String id, long createdAt, ObjectNode request) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A new id with {@code prefix} ({@code resp}, {@code msg}, {@code fc}). Random and unguessable,
     * since a stored response is found by its id (and its owner).
     */
    public static String newId(String prefix) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return prefix + "_" + HexFormat.of().formatHex(bytes);
    }

    /** Whether the client asked the gateway to keep the response ({@code store}, default true as at OpenAI). */
    public boolean store() {
        return request.path("store").asBoolean(true);
    }

    /** The Response object with {@code status} and {@code output}, without usage. */
    public ObjectNode response(String status, List<? extends JsonNode> output) {
        ObjectNode r = Json.object();
        r.put("id", id);
        r.put("object", "response");
        r.put("created_at", createdAt);
        r.put("status", status);
        r.put("background", false);
        r.putNull("error");
        r.putNull("incomplete_details");
        echo(r, "instructions", null);
        echo(r, "max_output_tokens", null);
        r.put("model", request.path("model").asText());
        ArrayNode items = r.putArray("output");
        output.forEach(items::add);
        r.put("parallel_tool_calls", request.path("parallel_tool_calls").asBoolean(true));
        echo(r, "previous_response_id", null);
        ObjectNode reasoning = r.putObject("reasoning");
        echo(reasoning, request.path("reasoning"), "effort");
        reasoning.putNull("summary");
        r.put("store", store());
        r.put("temperature", request.path("temperature").asDouble(1.0));
        ObjectNode text = r.putObject("text");
        JsonNode format = request.path("text").path("format");
        text.set("format", format.isObject() ? format.deepCopy() : Json.object().put("type", "text"));
        JsonNode choice = request.get("tool_choice");
        r.set(
                "tool_choice",
                choice == null || choice.isNull() ? Json.MAPPER.getNodeFactory().textNode("auto") : choice.deepCopy());
        r.set("tools", tools());
        r.put("top_p", request.path("top_p").asDouble(1.0));
        r.put("truncation", "disabled");
        // The schema allows no null for these: they are left out until known (usage) or when unset (user).
        if (request.path("user").isTextual()) {
            r.put("user", request.path("user").asText());
        }
        JsonNode metadata = request.get("metadata");
        r.set("metadata", metadata != null && metadata.isObject() ? metadata.deepCopy() : Json.object());
        return r;
    }

    /** {@link #response} with the end of an answer: its status details and its usage. */
    public ObjectNode finished(List<? extends JsonNode> output, @Nullable String finishReason, Usage usage) {
        String incomplete = incompleteReason(finishReason);
        ObjectNode r = response(incomplete == null ? "completed" : "incomplete", output);
        if (incomplete != null) {
            r.putObject("incomplete_details").put("reason", incomplete);
        }
        r.set("usage", usage(usage));
        return r;
    }

    /** {@link #response} of an answer that broke off, with OpenAI's error object. */
    public ObjectNode failed(List<? extends JsonNode> output, GatewayError error) {
        ObjectNode r = response("failed", output);
        // ResponseErrorCode has no generic client code; a broken upstream stream is a server error to the client.
        r.putObject("error")
                .put("code", error.kind() == ErrorKind.RATE_LIMITED ? "rate_limit_exceeded" : "server_error")
                .put("message", error.getMessage());
        return r;
    }

    /** {@code max_output_tokens} or {@code content_filter} for a chat finish reason that stopped early. */
    static @Nullable String incompleteReason(@Nullable String finishReason) {
        if ("length".equals(finishReason)) {
            return "max_output_tokens";
        }
        return "content_filter".equals(finishReason) ? "content_filter" : null;
    }

    /** OpenAI's {@code ResponseUsage} for canonical counts. */
    public static ObjectNode usage(Usage usage) {
        ObjectNode u = Json.object();
        u.put("input_tokens", usage.inputTokens());
        u.putObject("input_tokens_details")
                .put("cached_tokens", usage.cachedInputTokens())
                .put("cache_write_tokens", usage.cacheWriteTokens());
        u.put("output_tokens", usage.outputTokens());
        u.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        u.put("total_tokens", usage.totalTokens());
        return u;
    }

    private ArrayNode tools() {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode tool : request.path("tools")) {
            ObjectNode t = out.addObject()
                    .put("type", "function")
                    .put("name", tool.path("name").asText());
            echo(t, tool, "description");
            JsonNode parameters = tool.get("parameters");
            t.set(
                    "parameters",
                    parameters == null ? Json.MAPPER.getNodeFactory().nullNode() : parameters.deepCopy());
            JsonNode strict = tool.get("strict");
            t.set("strict", strict == null ? Json.MAPPER.getNodeFactory().nullNode() : strict.deepCopy());
        }
        return out;
    }

    private void echo(ObjectNode to, String field, @Nullable JsonNode fallback) {
        JsonNode value = request.get(field);
        to.set(
                field,
                value != null
                        ? value.deepCopy()
                        : fallback != null
                                ? fallback
                                : Json.MAPPER.getNodeFactory().nullNode());
    }

    private static void echo(ObjectNode to, JsonNode from, String field) {
        JsonNode value = from.get(field);
        to.set(
                field,
                value != null ? value.deepCopy() : Json.MAPPER.getNodeFactory().nullNode());
    }
}
