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
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
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
 *
 * <p>For a client that speaks Anthropic's API itself ({@code relay}), every event also goes on as
 * it came ({@link StreamChunk#passthrough}): on the first chunk it produced, or on a chunk without
 * choices when it produced none, so the client sees thinking blocks, signatures and events the
 * canonical form cannot hold, at the moment they arrive. One instance per stream; runs on the
 * event loop; not thread-safe.
 */
final class AnthropicStreamToOpenAi extends SseJsonTranslator {

    private final String fallbackModel;
    private final boolean relay;
    private final Map<Integer, Integer> toolCallOfBlock = new HashMap<>();
    private final AnthropicUsage usage = new AnthropicUsage();
    private @Nullable ChunkFactory chunks;
    private @Nullable String stopReason;
    private boolean finalUsage;
    private boolean stopped;
    /** Relayed events not yet handed on: those before message_start, or the one being handled. */
    private @Nullable Buffer unsent;

    AnthropicStreamToOpenAi(String provider, String fallbackModel) {
        this(provider, fallbackModel, false);
    }

    /** @param relay whether each event also goes on unchanged, for a client of Anthropic's own API */
    AnthropicStreamToOpenAi(String provider, String fallbackModel, boolean relay) {
        super(provider);
        this.fallbackModel = fallbackModel;
        this.relay = relay;
    }

    @Override
    protected void onJson(SseEvent event, ObjectNode json) {
        if (stopped) {
            return;
        }
        if (!relay) {
            translate(event, json);
            return;
        }
        unsent = append(unsent, event);
        translate(event, json);
        if (unsent != null && chunks != null && !failed()) {
            emit(chunks.passthroughOnly(unsent));
            unsent = null;
        }
    }

    private void translate(SseEvent event, ObjectNode json) {
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
        send(chunks().role(0));
    }

    private void blockStart(int index, JsonNode block) {
        String type = block.path("type").asText();
        if (type.equals("tool_use")) {
            int call = toolCallOfBlock.size();
            toolCallOfBlock.put(index, call);
            send(chunks().toolCallStart(
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
                    send(chunks().toolCallArguments(0, call, piece));
                }
            }
            default -> {}
        }
    }

    private void emitText(String text) {
        if (!text.isEmpty()) {
            send(chunks().text(0, text));
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
        send(chunks().finish(0, AnthropicStopReason.toFinishReason(stopReason)));
        send(chunks().usage(usage.toUsage()));
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
     * gateway's estimate of the text it forwarded ({@link #promptUsage()} keeps the prompt counts).
     */
    @Override
    public @Nullable Usage reportedUsage() {
        return finalUsage ? usage.toUsage() : null;
    }

    /**
     * The exact input, cache-read and cache-write counts {@code message_start} reported, once it
     * came: Anthropic knows them before it generates anything, so a stream cut later keeps them.
     */
    @Override
    public @Nullable Usage promptUsage() {
        return chunks == null ? null : usage.toUsage();
    }

    /** Hands a chunk on, carrying the relayed events that produced it. */
    private void send(StreamChunk chunk) {
        Buffer events = unsent;
        unsent = null;
        emit(events == null ? chunk : chunk.withPassthrough(events));
    }

    /** The event as Anthropic sent it: its name and its data lines, unchanged ("Server-sent events"). */
    private static Buffer append(@Nullable Buffer to, SseEvent event) {
        Buffer out = to == null ? Buffer.buffer() : to;
        if (event.event() != null) {
            out.appendString("event: ").appendString(event.event()).appendString("\n");
        }
        for (String line : event.data().split("\n", -1)) {
            out.appendString("data: ").appendString(line).appendString("\n");
        }
        return out.appendString("\n");
    }

    /** The factory message_start made; onJson handles no other event before it. */
    private ChunkFactory chunks() {
        return Objects.requireNonNull(chunks, "onJson returns before any handler until message_start");
    }
}
