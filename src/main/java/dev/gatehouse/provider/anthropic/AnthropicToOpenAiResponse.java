package dev.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.ChatCompletions;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an Anthropic {@code Message} (docs.anthropic.com, "Messages API" response) into an OpenAI
 * {@code chat.completion}: the text blocks, concatenated, are the message content; each
 * {@code tool_use} block is a tool call whose arguments are its {@code input} as compact JSON; the
 * stop reason becomes the finish reason ({@link AnthropicStopReason}). Blocks the gateway never
 * asks for (thinking, server tools) are left out. Pure.
 */
final class AnthropicToOpenAiResponse {

    private AnthropicToOpenAiResponse() {}

    /**
     * @param fallbackModel the model named in the request, for a response that names none
     * @throws dev.gatehouse.error.GatewayError (502) when the body is not an Anthropic Message
     */
    static Reply.Unary translate(String provider, String fallbackModel, Buffer body) {
        JsonNode json = Json.tryParse(body)
                .orElseThrow(() -> UpstreamFailures.badResponse(provider, "a response that is not valid JSON"));
        if (!json.isObject()
                || !json.path("type").asText().equals("message")
                || !json.path("content").isArray()) {
            throw UpstreamFailures.badResponse(provider, "JSON that is not an Anthropic Messages API response");
        }
        Usage usage = AnthropicUsage.of(json.get("usage"));
        String model = json.path("model").asText(fallbackModel);
        ObjectNode completion =
                ChatCompletions.completion(ChatCompletions.newId(), ChatCompletions.now(), model, usage);

        StringBuilder text = new StringBuilder();
        List<JsonNode> toolUses = new ArrayList<>();
        for (JsonNode block : json.get("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText(""));
                case "tool_use" -> toolUses.add(block);
                default -> {}
            }
        }
        // OpenAI sends null content for an answer that is only tool calls.
        String content = text.isEmpty() && !toolUses.isEmpty() ? null : text.toString();
        String finish =
                AnthropicStopReason.toFinishReason(json.path("stop_reason").textValue());
        ObjectNode message = ChatCompletions.addChoice(completion, 0, content, finish);
        for (JsonNode toolUse : toolUses) {
            JsonNode input = toolUse.path("input");
            String arguments = input.isObject() ? Json.encode(input).toString() : "{}";
            ChatCompletions.addToolCall(
                    message, toolUse.path("id").asText(), toolUse.path("name").asText(), arguments);
        }
        return new Reply.Unary(200, Json.encode(completion), usage == null ? Usage.NONE : usage);
    }
}
