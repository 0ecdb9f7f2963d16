package dev.gatehouse.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.routing.Route;
import io.vertx.core.buffer.Buffer;

/**
 * Builds the body of {@code POST /v2/chat} from an OpenAI chat-completions request. Field names and
 * limits come from Cohere's v2 Chat reference (docs.cohere.com/reference/chat). Sampling values
 * pass through unchanged, even where Cohere's ranges are narrower than OpenAI's (p from 0.01 to
 * 0.99, penalties from 0 to 1): Cohere's own 400 says precisely what is out of range, which a
 * silent clamp would hide. Pure; never mutates the canonical request.
 */
final class OpenAiToCohereRequest {

    private OpenAiToCohereRequest() {}

    static Buffer of(CanonicalRequest request, Route route) {
        ObjectNode in = request.body();
        ObjectNode out = Json.object();
        // "stream" is a required field of the v2 chat body (v2 Chat reference).
        out.put("stream", request.stream());
        out.put("model", route.upstreamModel());
        out.set("messages", OpenAiToCohereMessages.of(in.path("messages")));
        if (request.maxOutputTokens() != null) {
            out.put("max_tokens", request.maxOutputTokens());
        }
        copy(in, "temperature", out, "temperature");
        copy(in, "top_p", out, "p");
        copy(in, "seed", out, "seed");
        copy(in, "frequency_penalty", out, "frequency_penalty");
        copy(in, "presence_penalty", out, "presence_penalty");
        stop(in.get("stop"), out);
        refuseWhatCohereCannotExpress(in);
        tools(in, out);
        responseFormat(in.get("response_format"), out);
        return Json.encode(out);
    }

    private static void copy(ObjectNode in, String from, ObjectNode out, String to) {
        JsonNode value = in.get(from);
        if (value != null && !value.isNull()) {
            out.set(to, value);
        }
    }

    /** OpenAI's {@code stop} is a string or up to 4 strings; Cohere's {@code stop_sequences} takes up to 5. */
    private static void stop(JsonNode stop, ObjectNode out) {
        if (stop == null || stop.isNull()) {
            return;
        }
        ArrayNode sequences = out.putArray("stop_sequences");
        if (stop.isArray()) {
            stop.forEach(sequences::add);
        } else {
            sequences.add(stop.asText());
        }
    }

    private static void refuseWhatCohereCannotExpress(ObjectNode in) {
        if (in.path("n").asInt(1) > 1) {
            throw GatewayError.invalid("Cohere generates one choice per request; 'n' must be 1.", "n");
        }
        // Cohere's logprobs are per text chunk with token ids (v2 Chat reference, LogprobItem), not
        // OpenAI's per-token objects with top alternatives; refusing beats answering without them.
        if (in.path("logprobs").asBoolean(false)) {
            throw GatewayError.invalid(
                    "The Cohere adapter does not translate log probabilities; 'logprobs' must be false.", "logprobs");
        }
    }

    /**
     * Cohere's tool shape is OpenAI's ({@code {"type": "function", "function": {name, description,
     * parameters}}}, v2 Chat reference ToolV2), except that {@code parameters} is required.
     * {@code tool_choice} takes only REQUIRED or NONE; leaving it out is OpenAI's "auto". A named
     * function has no Cohere value, so it is sent as REQUIRED over that one tool: the model must
     * call it, which is what the client asked for.
     */
    private static void tools(ObjectNode in, ObjectNode out) {
        JsonNode tools = in.get("tools");
        JsonNode choice = in.get("tool_choice");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return;
        }
        String forced = null;
        if (choice != null && choice.isObject()) {
            forced = choice.path("function").path("name").asText(null);
            if (forced == null) {
                throw GatewayError.invalid("tool_choice must name a function.", "tool_choice");
            }
        }
        ArrayNode translated = out.putArray("tools");
        boolean allStrict = true;
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!tool.path("type").asText("function").equals("function")) {
                throw GatewayError.invalid(
                        "Cohere supports only function tools, not '"
                                + tool.path("type").asText() + "'.",
                        "tools[" + i + "].type");
            }
            JsonNode function = tool.path("function");
            if (forced != null && !forced.equals(function.path("name").asText())) {
                continue;
            }
            translated.add(tool(function));
            allStrict &= function.path("strict").asBoolean(false);
        }
        if (translated.isEmpty()) {
            throw GatewayError.invalid(
                    "tool_choice names function '" + forced + "', which is not in 'tools'.", "tool_choice");
        }
        // strict_tools is one switch for every tool ("tool calls ... will be forced to follow the
        // tool definition strictly"), so it is set only when every tool asked for strictness.
        if (allStrict) {
            out.put("strict_tools", true);
        }
        if (forced != null || choice != null && choice.asText().equals("required")) {
            out.put("tool_choice", "REQUIRED");
        } else if (choice != null && choice.asText().equals("none")) {
            out.put("tool_choice", "NONE");
        }
    }

    private static ObjectNode tool(JsonNode function) {
        ObjectNode tool = Json.object();
        tool.put("type", "function");
        ObjectNode out = tool.putObject("function");
        out.put("name", function.path("name").asText());
        if (function.path("description").isTextual()) {
            out.put("description", function.get("description").asText());
        }
        JsonNode parameters = function.get("parameters");
        if (parameters != null && parameters.isObject()) {
            out.set("parameters", parameters);
        } else {
            out.putObject("parameters").put("type", "object").putObject("properties");
        }
        return tool;
    }

    /**
     * Cohere's {@code response_format} is {@code {"type": "text"}} or {@code {"type":
     * "json_object", "json_schema": {...}}} (v2 Chat reference, ResponseFormatV2): OpenAI's
     * {@code json_schema} format becomes a JSON object constrained by that schema.
     */
    private static void responseFormat(JsonNode format, ObjectNode out) {
        if (format == null || !format.isObject()) {
            return;
        }
        String type = format.path("type").asText();
        switch (type) {
            case "text" -> out.putObject("response_format").put("type", "text");
            case "json_object" -> out.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                ObjectNode translated = out.putObject("response_format");
                translated.put("type", "json_object");
                JsonNode schema = format.path("json_schema").get("schema");
                if (schema != null && schema.isObject()) {
                    translated.set("json_schema", schema);
                }
            }
            default ->
                throw GatewayError.invalid("Cohere has no response format '" + type + "'.", "response_format.type");
        }
    }
}
