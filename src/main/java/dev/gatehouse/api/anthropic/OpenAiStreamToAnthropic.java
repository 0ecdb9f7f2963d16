package dev.gatehouse.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.stream.SseEncoder;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns canonical chunks into Anthropic's stream event sequence, as its "Streaming Messages" page
 * defines it: {@code message_start}, {@code ping}, then for each content block
 * {@code content_block_start}, {@code content_block_delta}s and {@code content_block_stop}, then
 * {@code message_delta} (stop reason and cumulative usage) and {@code message_stop}. Text and tool
 * calls open blocks as they first appear; only the first choice is sent (Anthropic has no {@code n}).
 *
 * <p>{@code message_start} carries the gateway's estimate of the input tokens, because the provider
 * reports real usage only at the end; {@code message_delta} then carries the real counts, which
 * Anthropic defines as cumulative, so SDK accumulators end with the provider's numbers.
 */
public final class OpenAiStreamToAnthropic implements SseEncoder {

    private final long estimatedInputTokens;
    private final Supplier<@Nullable Usage> finalUsage;
    private boolean started;
    private int blockIndex = -1;
    private @Nullable String openBlock;
    private int openToolCall = -1;
    private String stopReason = "end_turn";
    private @Nullable Usage chunkUsage;

    /**
     * @param finalUsage the stream's usage once it has ended (with cache writes, which canonical
     *     chunks cannot carry), or null when unknown
     */
    public OpenAiStreamToAnthropic(long estimatedInputTokens, Supplier<@Nullable Usage> finalUsage) {
        this.estimatedInputTokens = estimatedInputTokens;
        this.finalUsage = finalUsage;
    }

    @Override
    public @Nullable Buffer onChunk(StreamChunk chunk) {
        Buffer out = Buffer.buffer();
        JsonNode json = chunk.json();
        if (!started) {
            start(out, json);
        }
        Usage usage = Usage.fromOpenAi(json.get("usage"));
        if (usage != null) {
            chunkUsage = usage;
        }
        JsonNode choice = json.path("choices").path(0);
        if (choice.isMissingNode() || choice.path("index").asInt(0) != 0) {
            return out.length() == 0 ? null : out;
        }
        JsonNode delta = choice.path("delta");
        String text = delta.path("content").asText("");
        if (!text.isEmpty()) {
            if (!"text".equals(openBlock)) {
                openBlock(out, Json.object().put("type", "text").put("text", ""), "text");
            }
            blockDelta(out, Json.object().put("type", "text_delta").put("text", text));
        }
        for (JsonNode call : delta.path("tool_calls")) {
            int callIndex = call.path("index").asInt(0);
            if (call.hasNonNull("id") || callIndex != openToolCall) {
                ObjectNode block = Json.object()
                        .put("type", "tool_use")
                        .put("id", call.path("id").asText("toolu_" + callIndex))
                        .put("name", call.path("function").path("name").asText(""));
                block.putObject("input");
                openBlock(out, block, "tool_use");
                openToolCall = callIndex;
            }
            String arguments = call.path("function").path("arguments").asText("");
            if (!arguments.isEmpty()) {
                blockDelta(out, Json.object().put("type", "input_json_delta").put("partial_json", arguments));
            }
        }
        if (choice.path("finish_reason").isTextual()) {
            stopReason = StopReasons.fromOpenAi(choice.path("finish_reason").asText());
        }
        return out.length() == 0 ? null : out;
    }

    @Override
    public Buffer onEnd() {
        Buffer out = Buffer.buffer();
        if (!started) {
            start(out, Json.object());
        }
        closeBlock(out);
        Usage usage = finalUsage.get() != null ? finalUsage.get() : chunkUsage;
        ObjectNode messageDelta = Json.object().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        messageDelta.set("usage", OpenAiToAnthropicResponse.usage(usage == null ? Usage.NONE : usage));
        event(out, "message_delta", messageDelta);
        event(out, "message_stop", Json.object().put("type", "message_stop"));
        return out;
    }

    @Override
    public Buffer onError(GatewayError error) {
        Buffer out = Buffer.buffer();
        event(out, "error", AnthropicErrors.body(error));
        return out;
    }

    private void start(Buffer out, JsonNode firstChunk) {
        started = true;
        ObjectNode message = Json.object();
        message.put(
                "id", OpenAiToAnthropicResponse.messageId(firstChunk.path("id").asText("")));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", firstChunk.path("model").asText(""));
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", OpenAiToAnthropicResponse.usage(new Usage(estimatedInputTokens, 0, 0, 0, true)));
        ObjectNode start = Json.object().put("type", "message_start");
        start.set("message", message);
        event(out, "message_start", start);
        event(out, "ping", Json.object().put("type", "ping"));
    }

    private void openBlock(Buffer out, ObjectNode block, String type) {
        closeBlock(out);
        blockIndex++;
        openBlock = type;
        ObjectNode start = Json.object().put("type", "content_block_start").put("index", blockIndex);
        start.set("content_block", block);
        event(out, "content_block_start", start);
    }

    private void blockDelta(Buffer out, ObjectNode delta) {
        ObjectNode event = Json.object().put("type", "content_block_delta").put("index", blockIndex);
        event.set("delta", delta);
        event(out, "content_block_delta", event);
    }

    private void closeBlock(Buffer out) {
        if (openBlock != null) {
            event(
                    out,
                    "content_block_stop",
                    Json.object().put("type", "content_block_stop").put("index", blockIndex));
            openBlock = null;
        }
    }

    private static void event(Buffer out, String name, ObjectNode data) {
        out.appendString("event: ")
                .appendString(name)
                .appendString("\ndata: ")
                .appendBuffer(Json.encode(data))
                .appendString("\n\n");
    }
}
