package dev.gatehouse.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.ChatCompletions;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.provider.SseJsonTranslator;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.stream.ChunkFactory;
import dev.gatehouse.stream.SseEvent;
import dev.gatehouse.usage.Usage;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Cohere v2 chat stream and emits OpenAI chunks as each event completes. Cohere sends
 * Server-Sent Events ({@code event: content-delta} / {@code data: {...}}) whose JSON carries a
 * {@code type} ("Streaming Responses" and "Streaming for tool use" guides, v2):
 * <ul>
 *   <li>{@code message-start} (the id) → the role chunk;
 *   <li>{@code content-delta} ({@code delta.message.content.text}) → a text chunk;
 *   <li>{@code tool-plan-delta} ({@code delta.message.tool_plan}) → a text chunk, as in
 *       {@link CohereToOpenAiResponse};
 *   <li>{@code tool-call-start} ({@code delta.message.tool_calls} with id and name) and
 *       {@code tool-call-delta} ({@code delta.message.tool_calls.function.arguments}) → tool-call
 *       chunks;
 *   <li>{@code message-end} ({@code delta.finish_reason}, {@code delta.usage}, and {@code
 *       delta.error} when the generation failed) → the finish chunk and the usage chunk, or the
 *       mapped error for ERROR and TIMEOUT.
 * </ul>
 * Content, tool-call and citation start/end markers carry nothing OpenAI shows, and thinking
 * deltas have no OpenAI field; they are read past. One instance per stream; not thread-safe.
 */
final class CohereStreamToOpenAi extends SseJsonTranslator {

    private final String model;
    private final Map<Integer, Integer> callIndexByCohereIndex = new HashMap<>();
    private @Nullable ChunkFactory chunks;
    private @Nullable Usage usage;
    private int toolCalls;
    private int currentCall = -1;
    private boolean ended;

    CohereStreamToOpenAi(String provider, String model) {
        super(provider);
        this.model = model;
    }

    @Override
    protected void onJson(SseEvent event, ObjectNode json) {
        if (ended) {
            return;
        }
        String type = json.path("type").asText(event.event() == null ? "" : event.event());
        if (chunks == null) {
            chunks = new ChunkFactory(CohereToOpenAiResponse.id(json), ChatCompletions.now(), model);
            emit(chunks.role(0));
        }
        JsonNode message = json.path("delta").path("message");
        switch (type) {
            case "content-delta" -> text(message.path("content").path("text"));
            case "tool-plan-delta" -> text(message.path("tool_plan"));
            case "tool-call-start" -> toolCallStart(json.path("index"), message.path("tool_calls"));
            case "tool-call-delta" -> toolCallDelta(json.path("index"), message.path("tool_calls"));
            case "message-end" -> end(json.path("delta"));
            default -> {}
        }
    }

    private void text(JsonNode text) {
        if (text.isTextual() && !text.asText().isEmpty()) {
            emit(chunks().text(0, text.asText()));
        }
    }

    private void toolCallStart(JsonNode cohereIndex, JsonNode call) {
        currentCall = toolCalls++;
        if (cohereIndex.isInt()) {
            callIndexByCohereIndex.put(cohereIndex.asInt(), currentCall);
        }
        emit(chunks().toolCallStart(
                        0,
                        currentCall,
                        call.path("id").asText(),
                        call.path("function").path("name").asText()));
        text(call.path("function").path("arguments"), currentCall);
    }

    private void toolCallDelta(JsonNode cohereIndex, JsonNode call) {
        Integer index = cohereIndex.isInt() ? callIndexByCohereIndex.get(cohereIndex.asInt()) : null;
        int target = index != null ? index : currentCall;
        if (target < 0) {
            fail(UpstreamFailures.badResponse(provider, "a tool-call-delta event before any tool-call-start"));
            return;
        }
        text(call.path("function").path("arguments"), target);
    }

    private void text(JsonNode arguments, int callIndex) {
        if (arguments.isTextual() && !arguments.asText().isEmpty()) {
            emit(chunks().toolCallArguments(0, callIndex, arguments.asText()));
        }
    }

    private void end(JsonNode delta) {
        ended = true;
        String reason = delta.path("finish_reason").asText("");
        Usage reported = CohereUsage.of(delta.get("usage"));
        if (reported != null) {
            usage = reported;
        }
        if (CohereFinishReason.isFailure(reason)) {
            fail(CohereErrors.generationFailed(
                    provider, reason, delta.path("error").asText(null)));
            return;
        }
        emit(chunks().finish(0, CohereFinishReason.toOpenAi(reason, toolCalls > 0)));
        if (usage != null) {
            emit(chunks().usage(usage));
        }
    }

    @Override
    protected void onStreamEnd() {
        if (!ended) {
            throw GatewayError.of(
                    ErrorKind.BAD_UPSTREAM_RESPONSE,
                    "Provider '" + provider + "' ended the stream before it was complete.",
                    null,
                    "stream_truncated");
        }
    }

    @Override
    public @Nullable Usage reportedUsage() {
        return usage;
    }

    /** The factory made by the first event; every handler runs after it. */
    private ChunkFactory chunks() {
        return Objects.requireNonNull(chunks, "onJson makes the factory before it calls any handler");
    }
}
