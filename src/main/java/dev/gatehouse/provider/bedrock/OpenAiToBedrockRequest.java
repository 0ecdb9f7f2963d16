package dev.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.ReasoningEffort;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import io.vertx.core.buffer.Buffer;

/**
 * The body of a Converse or ConverseStream request for a canonical chat request: {@code messages},
 * {@code system}, {@code inferenceConfig} ({@code maxTokens}, {@code temperature}, {@code topP},
 * {@code stopSequences}) and {@code toolConfig} (Bedrock API reference, "Converse", "ConverseStream",
 * "InferenceConfiguration"). The model is not in the body: it is part of the URL.
 *
 * <p>{@code reasoning_effort} turns on Claude's extended thinking for Anthropic models with the
 * {@linkplain ReasoningEffort budget} it stands for; other Bedrock models have no budget to set and
 * do without it, as for any dropped sampling field.
 *
 * <p>Sampling fields Converse has no place for ({@code seed}, {@code frequency_penalty},
 * {@code presence_penalty}, {@code logit_bias}, {@code user}) are dropped, as for any provider
 * without them; fields that would change the shape of the answer are refused instead.
 *
 * <p>Pure; never mutates the canonical request.
 */
final class OpenAiToBedrockRequest {

    private OpenAiToBedrockRequest() {}

    /** Whether {@code model} is one of Anthropic's ({@code anthropic.claude-...}, with or without a cross-region prefix). */
    private static boolean anthropicModel(String model) {
        return model.startsWith("anthropic.") || model.contains(".anthropic.");
    }

    /**
     * @param model the Bedrock model or inference-profile id the request goes to
     * @param defaultMaxTokens the provider's output limit for a request that names none, which a
     *     thinking budget is added to
     */
    static Buffer of(CanonicalRequest request, String model, int defaultMaxTokens, String provider) {
        ObjectNode openAi = request.body();
        refuseWhatConverseCannotExpress(openAi, provider);
        OpenAiToBedrockMessages.Conversation conversation =
                OpenAiToBedrockMessages.of(openAi.path("messages"), provider);
        ObjectNode body = Json.object();
        body.set("messages", conversation.messages());
        if (!conversation.system().isEmpty()) {
            body.set("system", conversation.system());
        }
        ObjectNode inference = inferenceConfig(request);
        Integer thinking = anthropicModel(model) ? ReasoningEffort.budget(openAi) : null;
        if (thinking != null && thinking > 0) {
            // Claude's extended thinking goes in additionalModelRequestFields, in Anthropic's own
            // shape (Bedrock user guide, "Extended thinking"); maxTokens must stay above the budget.
            int maxTokens = inference.path("maxTokens").asInt(defaultMaxTokens);
            inference.put("maxTokens", ReasoningEffort.maxTokensWith(thinking, maxTokens));
            body.putObject("additionalModelRequestFields")
                    .putObject("thinking")
                    .put("type", "enabled")
                    .put("budget_tokens", thinking);
        }
        if (!inference.isEmpty()) {
            body.set("inferenceConfig", inference);
        }
        ObjectNode toolConfig = OpenAiToBedrockTools.toolConfig(
                openAi.get("tools"), openAi.get("tool_choice"), conversation.usesTools(), provider);
        if (toolConfig != null) {
            body.set("toolConfig", toolConfig);
        }
        return Json.encode(body);
    }

    private static ObjectNode inferenceConfig(CanonicalRequest request) {
        ObjectNode openAi = request.body();
        ObjectNode inference = Json.object();
        if (request.maxOutputTokens() != null) {
            inference.put("maxTokens", request.maxOutputTokens());
        }
        if (openAi.path("temperature").isNumber()) {
            inference.set("temperature", openAi.get("temperature"));
        }
        if (openAi.path("top_p").isNumber()) {
            inference.set("topP", openAi.get("top_p"));
        }
        JsonNode stop = openAi.get("stop");
        if (stop != null && stop.isTextual()) {
            inference.putArray("stopSequences").add(stop.asText());
        } else if (stop != null && stop.isArray() && !stop.isEmpty()) {
            ArrayNode sequences = inference.putArray("stopSequences");
            stop.forEach(sequences::add);
        }
        return inference;
    }

    private static void refuseWhatConverseCannotExpress(ObjectNode openAi, String provider) {
        if (openAi.path("n").asInt(1) != 1) {
            throw GatewayError.invalid(
                    "Provider '" + provider + "' (Bedrock Converse) returns one choice per request; n must be 1.", "n");
        }
        String format = openAi.path("response_format").path("type").asText("text");
        if (!format.equals("text")) {
            throw GatewayError.invalid(
                    "Provider '" + provider + "' (Bedrock Converse) has no response_format; '" + format
                            + "' cannot be honoured.",
                    "response_format");
        }
    }
}
