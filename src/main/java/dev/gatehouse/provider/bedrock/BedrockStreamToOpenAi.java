package dev.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.provider.StreamTranslator;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.stream.ChunkFactory;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Reads a ConverseStream response: binary AWS event-stream messages, cut apart by
 * {@link EventStreamFramer} and decoded by the AWS {@code eventstream} library (headers and both
 * CRCs), each an {@code event} named by {@code :event-type} with a JSON payload, or an
 * {@code exception} named by {@code :exception-type} (Bedrock API reference, "ConverseStream",
 * "ConverseStreamOutput").
 *
 * <p>Events map to canonical chunks as they complete: {@code messageStart} → the role chunk;
 * {@code contentBlockDelta} text → content; {@code contentBlockStart} with {@code toolUse} → a tool
 * call with its id and name, whose {@code toolUse.input} deltas are the argument pieces;
 * {@code messageStop} → the finish chunk; {@code metadata} → the usage chunk. The stream is complete
 * after {@code messageStop} and {@code metadata}, which Bedrock sends last.
 *
 * <p>Memory: an open stream holds the framer's buffer, 8 KiB unless a message is longer (see
 * {@link EventStreamFramer} for why not the library's own decoder, which holds 2 MiB per stream).
 *
 * <p>One instance per response; not thread-safe; never blocks.
 */
final class BedrockStreamToOpenAi implements StreamTranslator {

    private final String provider;
    private final ChunkFactory chunks;
    private final EventStreamFramer framer;
    /** contentBlockIndex of each toolUse block → its OpenAI tool call index. */
    private final Map<Integer, Integer> toolCalls = new HashMap<>();

    private @Nullable Consumer<StreamChunk> out;
    private boolean started;
    private boolean sawStop;
    private boolean sawMetadata;
    private boolean failed;
    private @Nullable Usage usage;

    BedrockStreamToOpenAi(String provider, ChunkFactory chunks) {
        this.provider = provider;
        this.chunks = chunks;
        this.framer = new EventStreamFramer(provider);
    }

    @Override
    public void onBytes(Buffer bytes, Consumer<StreamChunk> out) {
        if (failed || complete()) {
            return;
        }
        this.out = out;
        try {
            framer.feed(bytes, this::onMessage);
        } catch (RuntimeException e) {
            // Passed on as thrown: the framer's and handle's are already GatewayErrors, and a
            // failure in out is not the upstream's to be disguised as a malformed stream.
            failed = true;
            throw e;
        }
    }

    /** Called by the framer, inside {@link #onBytes}, for each complete message. */
    private void onMessage(Message message) {
        if (!complete()) {
            handle(message);
        }
    }

    private void handle(Message message) {
        String messageType = header(message, ":message-type");
        JsonNode payload = parse(message.getPayload());
        if ("exception".equals(messageType)) {
            throw BedrockErrors.fromStreamException(provider, header(message, ":exception-type"), payload);
        }
        if ("error".equals(messageType)) {
            throw BedrockErrors.fromStreamError(
                    provider, header(message, ":error-code"), header(message, ":error-message"));
        }
        if (payload == null || !payload.isObject()) {
            throw UpstreamFailures.badResponse(provider, "a stream event whose payload is not a JSON object");
        }
        switch (header(message, ":event-type")) {
            case "messageStart" -> start();
            case "contentBlockStart" -> onBlockStart(payload);
            case "contentBlockDelta" -> onDelta(payload);
            case "messageStop" -> onStop(payload);
            case "metadata" -> onMetadata(payload);
            // contentBlockStop, and event types added later, carry nothing the canonical stream needs.
            default -> {}
        }
    }

    private void start() {
        if (!started) {
            started = true;
            out().accept(chunks.role(0));
        }
    }

    private void onBlockStart(JsonNode payload) {
        JsonNode toolUse = payload.path("start").path("toolUse");
        if (!toolUse.isObject()) {
            return;
        }
        start();
        int callIndex = toolCalls.size();
        toolCalls.put(payload.path("contentBlockIndex").asInt(), callIndex);
        out().accept(chunks.toolCallStart(
                0,
                callIndex,
                toolUse.path("toolUseId").asText(),
                toolUse.path("name").asText()));
    }

    private void onDelta(JsonNode payload) {
        JsonNode delta = payload.path("delta");
        if (delta.path("text").isTextual()) {
            String text = delta.get("text").asText();
            if (!text.isEmpty()) {
                start();
                out().accept(chunks.text(0, text));
            }
            return;
        }
        JsonNode input = delta.path("toolUse").path("input");
        if (input.isTextual()) {
            Integer callIndex = toolCalls.get(payload.path("contentBlockIndex").asInt());
            if (callIndex == null) {
                throw UpstreamFailures.badResponse(
                        provider, "a tool input delta for a block that did not start as a tool use");
            }
            out().accept(chunks.toolCallArguments(0, callIndex, input.asText()));
        }
        // Reasoning deltas have no place in a chat.completion.chunk.
    }

    private void onStop(JsonNode payload) {
        JsonNode stopReason = payload.path("stopReason");
        if (!stopReason.isTextual()) {
            throw UpstreamFailures.badResponse(provider, "a messageStop event without a stopReason");
        }
        start();
        sawStop = true;
        out().accept(chunks.finish(0, BedrockStopReasons.toFinishReason(stopReason.asText())));
    }

    private void onMetadata(JsonNode payload) {
        sawMetadata = true;
        Usage reported = BedrockUsage.of(payload.get("usage"));
        if (reported != null) {
            usage = reported;
            out().accept(chunks.usage(reported));
        }
    }

    private boolean complete() {
        return sawStop && sawMetadata;
    }

    private String header(Message message, String name) {
        HeaderValue value = message.getHeaders().get(name);
        if (value == null) {
            return "";
        }
        try {
            return value.getString();
        } catch (IllegalStateException e) {
            // A header of another type where the protocol has a string (HeaderType is not public).
            throw UpstreamFailures.badResponse(provider, "an event-stream header " + name + " that is not a string");
        }
    }

    private static @Nullable JsonNode parse(byte[] payload) {
        try {
            return Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void onEnd(Consumer<StreamChunk> out) {
        if (!failed && !complete()) {
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

    /** The consumer of the onBytes call whose framer is handing over the current message. */
    private Consumer<StreamChunk> out() {
        return Objects.requireNonNull(out, "onBytes sets the consumer before the framer hands over a message");
    }
}
