package dev.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.ChatCompletions;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;

/**
 * Turns a Gemini {@code GenerateContentResponse} into an OpenAI {@code chat.completion}: one choice
 * per candidate, text parts joined into {@code content}, function calls as {@code tool_calls} with
 * ids from {@link GeminiToolCallIds}, and {@code usageMetadata} as usage ({@link GeminiUsage}).
 *
 * <p>A prompt Gemini blocks comes back as HTTP 200 with {@code promptFeedback.blockReason} and no
 * candidates ("If set, the prompt was blocked and no candidates are returned"). It becomes a 200
 * completion with empty content and {@code finish_reason: content_filter}, not an error: that is how
 * OpenAI itself reports filtered output, it keeps the prompt tokens Gemini counted billable, and a
 * blocked prompt is not a fault a retry or a fallback should act on.
 *
 * <p>Pure and stateless.
 */
final class GeminiToOpenAiResponse {

    private GeminiToOpenAiResponse() {}

    /** @throws GatewayError (502) when the body is not a Gemini GenerateContentResponse */
    static Reply.Unary translate(String provider, String model, Buffer body) {
        JsonNode json = Json.tryParse(body)
                .orElseThrow(() -> UpstreamFailures.badResponse(provider, "a response that is not valid JSON"));
        JsonNode candidates = json.path("candidates");
        boolean blocked = candidates.isEmpty()
                && json.path("promptFeedback").path("blockReason").isTextual();
        if (!json.isObject() || !blocked && (!candidates.isArray() || candidates.isEmpty())) {
            throw UpstreamFailures.badResponse(provider, "JSON that is not a Gemini generateContent response");
        }
        Usage usage = GeminiUsage.from(json.get("usageMetadata"));
        ObjectNode completion = ChatCompletions.completion(completionId(json), ChatCompletions.now(), model, usage);
        if (blocked) {
            ChatCompletions.addChoice(completion, 0, "", "content_filter");
        }
        for (int i = 0; i < candidates.size(); i++) {
            addChoice(completion, GeminiCandidate.read(candidates.get(i), i));
        }
        return new Reply.Unary(200, Json.encode(completion), usage == null ? Usage.NONE : usage);
    }

    private static void addChoice(ObjectNode completion, GeminiCandidate candidate) {
        boolean hasCalls = !candidate.calls().isEmpty();
        String content = candidate.text().isEmpty() && hasCalls ? null : candidate.text();
        String finish = GeminiCandidate.openAiFinishReason(candidate.finishReason(), hasCalls);
        ObjectNode message = ChatCompletions.addChoice(completion, candidate.index(), content, finish);
        for (int n = 0; n < candidate.calls().size(); n++) {
            GeminiCandidate.Call call = candidate.calls().get(n);
            ChatCompletions.addToolCall(
                    message, GeminiToolCallIds.encode(n, call.thoughtSignature()), call.name(), call.arguments());
        }
    }

    /** Gemini's {@code responseId} identifies the response; kept in the id for tracing. */
    static String completionId(JsonNode json) {
        String responseId = json.path("responseId").asText("");
        return responseId.isEmpty() ? ChatCompletions.newId() : "chatcmpl-" + responseId;
    }
}
