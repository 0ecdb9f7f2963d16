package dev.gatehouse.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.provider.SseJsonTranslator;
import dev.gatehouse.stream.SseEvent;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads OpenAI's Responses stream (typed events, see its "Streaming API responses" guide) into
 * canonical chunks for the stages: text deltas, each {@code function_call} item as a tool call with
 * its argument deltas, the finish reason and usage from {@code response.completed} or
 * {@code response.incomplete}. Every event also rides along as the chunk's pass-through, exactly as
 * it came, for the Responses surface to relay; events without canonical content ride on a chunk
 * without choices. {@code response.failed} and {@code error} become a {@link GatewayError}; a stream
 * that ends without its final event is truncated.
 */
final class OpenAiResponsesStreamToChat extends SseJsonTranslator {

    private final Map<String, Integer> callIndexes = new HashMap<>();
    private @Nullable Usage usage;
    private boolean finished;

    OpenAiResponsesStreamToChat(String provider) {
        super(provider);
    }

    @Override
    protected void onJson(SseEvent event, ObjectNode json) {
        String type = json.path("type").asText();
        Buffer raw = Buffer.buffer("event: " + (event.event() != null ? event.event() : type) + "\ndata: ")
                .appendString(event.data())
                .appendString("\n\n");
        switch (type) {
            case "response.output_text.delta" ->
                emit(delta(Json.object().put("content", json.path("delta").asText()), null, raw));
            case "response.output_item.added" -> {
                JsonNode item = json.path("item");
                if (!item.path("type").asText().equals("function_call")) {
                    emit(empty(raw));
                    return;
                }
                int index = callIndexes.size();
                callIndexes.put(item.path("id").asText(), index);
                ObjectNode call = Json.object()
                        .put("index", index)
                        .put("id", item.path("call_id").asText())
                        .put("type", "function");
                call.putObject("function")
                        .put("name", item.path("name").asText())
                        .put("arguments", "");
                ObjectNode delta = Json.object();
                delta.putArray("tool_calls").add(call);
                emit(delta(delta, null, raw));
            }
            case "response.function_call_arguments.delta" -> {
                Integer index = callIndexes.get(json.path("item_id").asText());
                if (index == null) {
                    emit(empty(raw));
                    return;
                }
                ObjectNode call = Json.object().put("index", index);
                call.putObject("function").put("arguments", json.path("delta").asText());
                ObjectNode delta = Json.object();
                delta.putArray("tool_calls").add(call);
                emit(delta(delta, null, raw));
            }
            case "response.completed", "response.incomplete" -> {
                finished = true;
                JsonNode response = json.path("response");
                usage = OpenAiResponsesToChat.usage(response.get("usage"));
                emit(delta(Json.object(), OpenAiResponsesToChat.finishReason(response, !callIndexes.isEmpty()), raw));
                if (usage != null) {
                    ObjectNode usageChunk = Json.object();
                    usageChunk.putArray("choices");
                    usageChunk.set("usage", usage.toOpenAi());
                    emit(new StreamChunk(usageChunk, null, true));
                }
            }
            case "response.failed" ->
                fail(GatewayError.of(
                        ErrorKind.SERVER_ERROR,
                        "Provider '" + provider + "' failed the response: "
                                + json.path("response")
                                        .path("error")
                                        .path("message")
                                        .asText("no reason given"),
                        null,
                        "upstream_error"));
            case "error" -> fail(OpenAiErrors.fromStreamError(provider, json));
            default -> emit(empty(raw));
        }
    }

    private static StreamChunk delta(ObjectNode delta, @Nullable String finishReason, Buffer raw) {
        ObjectNode chunk = Json.object().put("object", "chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.put("finish_reason", finishReason);
        return new StreamChunk(chunk, null, false, raw);
    }

    private static StreamChunk empty(Buffer raw) {
        ObjectNode chunk = Json.object().put("object", "chat.completion.chunk");
        chunk.putArray("choices");
        return new StreamChunk(chunk, null, false, raw);
    }

    @Override
    protected void onStreamEnd() {
        if (!finished) {
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
}
