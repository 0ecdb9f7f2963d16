package dev.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.ReasoningEffort;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * Builds a Gemini {@code GenerateContentRequest} body (the same for generateContent and
 * streamGenerateContent) from an OpenAI chat-completions request: messages via
 * {@link OpenAiToGeminiContents}, sampling and limits in {@code generationConfig}, tools as
 * {@code functionDeclarations} and {@code tool_choice} as {@code toolConfig}. Field names are the
 * proto3 JSON (camelCase) names of Google's generative_service.proto and content.proto.
 *
 * <p>OpenAI fields Gemini has no counterpart for (logprobs, logit_bias, user, metadata,
 * parallel_tool_calls, stream_options) are not sent. Pure and stateless; never mutates the request.
 */
final class OpenAiToGeminiRequest {

    private OpenAiToGeminiRequest() {}

    static ObjectNode of(CanonicalRequest request) {
        JsonNode in = request.body();
        ObjectNode body = Json.object();
        OpenAiToGeminiContents.Translated messages = OpenAiToGeminiContents.of(in.path("messages"));
        if (messages.systemInstruction() != null) {
            body.set("systemInstruction", messages.systemInstruction());
        }
        body.set("contents", messages.contents());
        ArrayNode declarations = functionDeclarations(in.path("tools"));
        if (!declarations.isEmpty()) {
            body.putArray("tools").addObject().set("functionDeclarations", declarations);
            ObjectNode toolConfig = toolConfig(in.get("tool_choice"));
            if (toolConfig != null) {
                body.set("toolConfig", toolConfig);
            }
        }
        ObjectNode config = generationConfig(in, request.maxOutputTokens());
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        return body;
    }

    private static ObjectNode generationConfig(JsonNode in, @Nullable Integer maxOutputTokens) {
        ObjectNode config = Json.object();
        copyNumber(in, "temperature", config, "temperature");
        copyNumber(in, "top_p", config, "topP");
        copyNumber(in, "presence_penalty", config, "presencePenalty");
        copyNumber(in, "frequency_penalty", config, "frequencyPenalty");
        if (maxOutputTokens != null) {
            config.put("maxOutputTokens", maxOutputTokens);
        }
        JsonNode stop = in.get("stop");
        if (stop != null && stop.isTextual()) {
            config.putArray("stopSequences").add(stop.asText());
        } else if (stop != null && stop.isArray() && !stop.isEmpty()) {
            config.set("stopSequences", stop.deepCopy());
        }
        JsonNode n = in.get("n");
        if (n != null && n.isIntegralNumber()) {
            config.put("candidateCount", n.asInt());
        }
        JsonNode seed = in.get("seed");
        if (seed != null && seed.isIntegralNumber()) {
            if (!seed.canConvertToInt()) {
                throw GatewayError.invalid("Gemini takes a 32-bit seed.", "seed");
            }
            config.put("seed", seed.asInt());
        }
        responseFormat(in.get("response_format"), config);
        Integer thinking = ReasoningEffort.budget(in);
        if (thinking != null) {
            // Gemini 2.5's thinking budget ("Thinking", ai.google.dev): 0 turns thinking off where the
            // model allows it; Gemini answers 400 itself where it does not (2.5 Pro).
            config.putObject("thinkingConfig").put("thinkingBudget", thinking);
        }
        return config;
    }

    private static void copyNumber(JsonNode in, String from, ObjectNode config, String to) {
        JsonNode value = in.get(from);
        if (value != null && value.isNumber()) {
            config.set(to, value.deepCopy());
        }
    }

    /**
     * JSON mode is {@code responseMimeType: application/json}; a JSON schema goes in
     * {@code responseJsonSchema}, which takes JSON Schema as is (unlike {@code responseSchema}, an
     * OpenAPI subset), per GenerationConfig in generative_service.proto.
     */
    private static void responseFormat(JsonNode format, ObjectNode config) {
        if (format == null || !format.isObject()) {
            return;
        }
        switch (format.path("type").asText("text")) {
            case "json_object" -> config.put("responseMimeType", "application/json");
            case "json_schema" -> {
                config.put("responseMimeType", "application/json");
                JsonNode schema = format.path("json_schema").get("schema");
                if (schema != null && schema.isObject()) {
                    config.set("responseJsonSchema", schema.deepCopy());
                }
            }
            case "text" -> {}
            default ->
                throw GatewayError.invalid(
                        "Unsupported response_format type '"
                                + format.path("type").asText() + "'.",
                        "response_format.type");
        }
    }

    /**
     * OpenAI's {@code parameters} is JSON Schema. Gemini's {@code parameters} field is an OpenAPI 3.0
     * subset that rejects common JSON Schema keywords ("Invalid JSON payload received. Unknown name
     * \"additionalProperties\"", a 400 reported for MCP tools), so the schema goes in
     * {@code parametersJsonSchema}, which takes JSON Schema and is "mutually exclusive with
     * parameters" (FunctionDeclaration, Gemini API v1beta).
     */
    private static ArrayNode functionDeclarations(JsonNode tools) {
        ArrayNode declarations = Json.MAPPER.createArrayNode();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!tool.path("type").asText("function").equals("function")) {
                throw GatewayError.invalid("Gemini supports only function tools.", "tools[" + i + "].type");
            }
            JsonNode function = tool.path("function");
            ObjectNode declaration = declarations.addObject();
            declaration.put("name", function.path("name").asText());
            if (function.path("description").isTextual()) {
                declaration.put("description", function.path("description").asText());
            }
            JsonNode parameters = function.get("parameters");
            if (parameters != null && parameters.isObject()) {
                declaration.set("parametersJsonSchema", parameters.deepCopy());
            }
        }
        return declarations;
    }

    /**
     * {@code toolConfig.functionCallingConfig.mode}: AUTO, NONE, or ANY (the model must call a
     * function, limited to {@code allowedFunctionNames} when set), per FunctionCallingConfig.
     */
    private static @Nullable ObjectNode toolConfig(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        ObjectNode config = Json.object();
        ObjectNode calling = config.putObject("functionCallingConfig");
        if (choice.isTextual()) {
            String mode = switch (choice.asText()) {
                case "auto" -> "AUTO";
                case "none" -> "NONE";
                case "required" -> "ANY";
                default ->
                    throw GatewayError.invalid("Unsupported tool_choice '" + choice.asText() + "'.", "tool_choice");
            };
            calling.put("mode", mode);
            return config;
        }
        String name = choice.path("function").path("name").asText("");
        if (!choice.path("type").asText().equals("function") || name.isEmpty()) {
            throw GatewayError.invalid(
                    "Gemini supports tool_choice 'auto', 'none', 'required' or a named function.", "tool_choice");
        }
        calling.put("mode", "ANY");
        calling.putArray("allowedFunctionNames").add(name);
        return config;
    }
}
