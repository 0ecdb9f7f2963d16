package dev.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.ChatCompletions;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;

/**
 * A Converse answer ({@code {output: {message: {role, content: [...]}}, stopReason, usage, metrics}};
 * Bedrock API reference, "Converse", response syntax) as an OpenAI {@code chat.completion}: text
 * blocks joined into {@code content}, {@code toolUse} blocks as {@code tool_calls} with their input
 * serialized as the arguments string. Reasoning blocks have no canonical place and are left out.
 *
 * <p>Pure and thread-safe.
 */
final class BedrockToOpenAiResponse {

    private BedrockToOpenAiResponse() {}

    /**
     * @param model the model name the answer reports
     * @throws dev.gatehouse.error.GatewayError (502) when the body is not a Converse answer
     */
    static Reply.Unary of(Buffer body, String model, String provider) {
        JsonNode json = Json.tryParse(body)
                .orElseThrow(() -> UpstreamFailures.badResponse(provider, "a response that is not valid JSON"));
        JsonNode content = json.path("output").path("message").path("content");
        JsonNode stopReason = json.path("stopReason");
        if (!content.isArray() || !stopReason.isTextual()) {
            throw UpstreamFailures.badResponse(provider, "JSON that is not a Bedrock Converse response");
        }
        Usage usage = BedrockUsage.of(json.get("usage"));
        ObjectNode completion =
                ChatCompletions.completion(ChatCompletions.newId(), ChatCompletions.now(), model, usage);
        StringBuilder text = new StringBuilder();
        boolean hasText = false;
        for (JsonNode block : content) {
            if (block.path("text").isTextual()) {
                text.append(block.get("text").asText());
                hasText = true;
            }
        }
        ObjectNode message = ChatCompletions.addChoice(
                completion,
                0,
                hasText ? text.toString() : null,
                BedrockStopReasons.toFinishReason(stopReason.asText()));
        for (JsonNode block : content) {
            JsonNode toolUse = block.get("toolUse");
            if (toolUse != null && toolUse.isObject()) {
                JsonNode input = toolUse.get("input");
                ChatCompletions.addToolCall(
                        message,
                        toolUse.path("toolUseId").asText(),
                        toolUse.path("name").asText(),
                        input == null || input.isNull() ? "{}" : input.toString());
            }
        }
        return new Reply.Unary(200, Json.encode(completion), usage == null ? Usage.NONE : usage);
    }
}
