package dev.gatehouse.provider.anthropic;

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
 * Translates an Anthropic Messages stream into OpenAI chunks as each event arrives
 * (docs.anthropic.com, "Streaming Messages"). Anthropic's event flow is {@code message_start}, then
 * per content block {@code content_block_start}, {@code content_block_delta}s and
 * {@code content_block_stop}, then one or more {@code message_delta}s (stop reason, cumulative
 * usage), then {@code message_stop}; {@code ping}s may come anywhere.
 *
 * <ul>
 *   <li>{@code message_start} → the role chunk; its usage gives the prompt tokens.</li>
 *   <li>{@code text_delta} → a content chunk; a {@code tool_use} block start → a tool call opening
 *       (tool calls are numbered in order of appearance, whatever their block index);
 *       {@code input_json_delta} → that call's next piece of arguments.</li>
 *   <li>{@code message_stop} → the finish chunk with the last stop reason, then the usage chunk.
 *       Only then is the answer complete: a stream that ends without it is truncated.</li>
 *   <li>{@code error} → the mapped {@link GatewayError}, thrown from {@link #onBytes}.</li>
 * </ul>
 * Other event and delta types (thinking, citations, ones added later: the docs ask clients to
 * tolerate unknown events) carry nothing the canonical form can hold and are skipped.
 * One instance per stream; runs on the event loop; not thread-safe.
 */
final class AnthropicStreamToOpenAi extends SseJsonTranslator {

    private final String fallbackModel;
    private final Map<Integer, Integer> toolCallOfBlock = new HashMap<>();
    private final AnthropicUsage usage = new AnthropicUsage();
    private @Nullable ChunkFactory chunks;
    private @Nullable String stopReason;
    private boolean finalUsage;
    private boolean stopped;

    AnthropicStreamToOpenAi(String provider, String fallbackModel) {
        super(provider);
        this.fallbackModel = fallbackModel;
    }

    @Override
    protected void onJson(SseEvent event, ObjectNode json) {
        if (stopped) {
            return;
        }
        // The event name and the JSON type always match; the name is what the docs key on.
        String type = event.event() != null ? event.event() : json.path("type").asText();
        if (type.equals("error")) {
            fail(AnthropicErrors.fromStreamEvent(provider, json));
            return;
        }
        if (type.equals("message_start")) {
            start(json.path("message"));
            return;
        }
        if (chunks == null) {
            if (type.startsWith("content_block_") || type.startsWith("message_")) {
                fail(UpstreamFailures.badResponse(provider, "a '" + type + "' stream event before message_start"));
            }
            return;
        }
        switch (type) {
            case "content_block_start" -> blockStart(json.path("index").asInt(), json.path("content_block"));
            case "content_block_delta" -> blockDelta(json.path("index").asInt(), json.path("delta"));
            case "message_delta" -> messageDelta(json);
            case "message_stop" -> stop();
            default -> {}
        }
    }

    private void start(JsonNode message) {
        if (chunks != null) {
            fail(UpstreamFailures.badResponse(provider, "a second message_start in one stream"));
            return;
        }
        chunks = new ChunkFactory(
                ChatCompletions.newId(),
                ChatCompletions.now(),
                message.path("model").asText(fallbackModel));
        usage.update(message.path("usage"));
        emit(chunks().role(0));
    }

    private void blockStart(int index, JsonNode block) {
        String type = block.path("type").asText();
        if (type.equals("tool_use")) {
            int call = toolCallOfBlock.size();
            toolCallOfBlock.put(index, call);
            emit(chunks().toolCallStart(
                            0,
                            call,
                            block.path("id").asText(),
                            block.path("name").asText()));
        } else if (type.equals("text")) {
            emitText(block.path("text").asText(""));
        }
    }

    private void blockDelta(int index, JsonNode delta) {
        switch (delta.path("type").asText()) {
            case "text_delta" -> emitText(delta.path("text").asText(""));
            case "input_json_delta" -> {
                Integer call = toolCallOfBlock.get(index);
                String piece = delta.path("partial_json").asText("");
                if (call == null) {
                    fail(UpstreamFailures.badResponse(
                            provider, "tool input for content block " + index + ", which is not a tool_use block"));
                } else if (!piece.isEmpty()) {
                    emit(chunks().toolCallArguments(0, call, piece));
                }
            }
            default -> {}
        }
    }

    private void emitText(String text) {
        if (!text.isEmpty()) {
            emit(chunks().text(0, text));
        }
    }

    private void messageDelta(JsonNode json) {
        String reason = json.path("delta").path("stop_reason").textValue();
        if (reason != null) {
            stopReason = reason;
        }
        if (json.path("usage").isObject()) {
            usage.update(json.get("usage"));
            finalUsage = true;
        }
    }

    private void stop() {
        stopped = true;
        finalUsage = true;
        emit(chunks().finish(0, AnthropicStopReason.toFinishReason(stopReason)));
        emit(chunks().usage(usage.toUsage()));
    }

    @Override
    protected void onStreamEnd() {
        if (!stopped) {
            throw GatewayError.of(
                    ErrorKind.BAD_UPSTREAM_RESPONSE,
                    "Provider '" + provider + "' ended the stream before it was complete.",
                    null,
                    "stream_truncated");
        }
    }

    /**
     * Null until a {@code message_delta} has given the output count: the one in
     * {@code message_start} is a placeholder, so a stream cut before then is better charged by the
     * gateway's estimate of the text it forwarded.
     */
    @Override
    public @Nullable Usage reportedUsage() {
        return finalUsage ? usage.toUsage() : null;
    }

    /** The factory message_start made; onJson handles no other event before it. */
    private ChunkFactory chunks() {
        return Objects.requireNonNull(chunks, "onJson returns before any handler until message_start");
    }
}
