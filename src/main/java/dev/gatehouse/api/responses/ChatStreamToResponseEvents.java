package dev.gatehouse.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.stream.SseEncoder;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns canonical chunks into the Responses API's typed stream events, as OpenAI's "Streaming API
 * responses" guide and the {@code ResponseStreamEvent} schemas define them: {@code response.created}
 * and {@code response.in_progress}; for the text, {@code response.output_item.added},
 * {@code response.content_part.added}, {@code response.output_text.delta}s; for each tool call (its
 * own item, so parallel calls are several {@code function_call} items), {@code output_item.added} and
 * {@code response.function_call_arguments.delta}s; at the end each item's {@code .done} events and
 * {@code response.completed} or {@code response.incomplete}. Every event carries its
 * {@code sequence_number}; there is no {@code [DONE]}. A stream that breaks ends with an
 * {@code error} event and {@code response.failed}, never with a completion. Only the first choice
 * is sent. One per stream; event loop only.
 */
public final class ChatStreamToResponseEvents implements SseEncoder {

    private final ResponseFrame frame;
    private final Supplier<@Nullable Usage> finalUsage;
    /** The output items in output-index order: the text message and the tool calls as they appeared. */
    private final List<Slot> slots = new ArrayList<>();

    private final Map<Integer, CallSlot> calls = new LinkedHashMap<>();
    private @Nullable TextSlot text;
    private int sequence;
    private boolean started;
    private @Nullable String finishReason;
    private @Nullable Usage chunkUsage;
    private @Nullable ObjectNode finished;

    /** @param finalUsage the stream's usage once it has ended, or null when unknown */
    public ChatStreamToResponseEvents(ResponseFrame frame, Supplier<@Nullable Usage> finalUsage) {
        this.frame = frame;
        this.finalUsage = finalUsage;
    }

    @Override
    public @Nullable Buffer onChunk(StreamChunk chunk) {
        Buffer out = Buffer.buffer();
        if (!started) {
            start(out);
        }
        JsonNode json = chunk.json();
        Usage usage = Usage.fromOpenAi(json.get("usage"));
        if (usage != null) {
            chunkUsage = usage;
        }
        JsonNode choice = json.path("choices").path(0);
        if (choice.isMissingNode() || choice.path("index").asInt(0) != 0) {
            return out.length() == 0 ? null : out;
        }
        JsonNode delta = choice.path("delta");
        String content = delta.path("content").asText("");
        if (!content.isEmpty()) {
            textDelta(out, content);
        }
        for (JsonNode call : delta.path("tool_calls")) {
            callDelta(out, call);
        }
        if (choice.path("finish_reason").isTextual()) {
            finishReason = choice.path("finish_reason").asText();
        }
        return out.length() == 0 ? null : out;
    }

    /**
     * The Response object the stream ends with, once every chunk has been seen; the same object each
     * time it is asked (the gateway stores it before {@link #onEnd} sends it).
     */
    public ObjectNode completedResponse() {
        if (finished == null) {
            Usage usage = finalUsage.get() != null ? finalUsage.get() : chunkUsage;
            finished = frame.finished(items(true), finishReason, usage == null ? Usage.NONE : usage);
        }
        return finished;
    }

    @Override
    public Buffer onEnd() {
        Buffer out = Buffer.buffer();
        if (!started) {
            start(out);
        }
        for (Slot slot : slots) {
            slot.close(out);
        }
        ObjectNode response = completedResponse();
        String type =
                response.path("status").asText().equals("incomplete") ? "response.incomplete" : "response.completed";
        ObjectNode event = Json.object();
        event.set("response", response);
        event(out, type, event);
        return out;
    }

    @Override
    public Buffer onError(GatewayError error) {
        Buffer out = Buffer.buffer();
        if (!started) {
            start(out);
        }
        ObjectNode errorEvent = Json.object()
                .put("code", error.code() == null ? error.type() : error.code())
                .put("message", error.getMessage());
        errorEvent.set(
                "param",
                error.param() == null
                        ? Json.MAPPER.getNodeFactory().nullNode()
                        : Json.MAPPER.getNodeFactory().textNode(error.param()));
        event(out, "error", errorEvent);
        ObjectNode failed = Json.object();
        failed.set("response", frame.failed(items(false), error));
        event(out, "response.failed", failed);
        return out;
    }

    /**
     * Notes that the client already has a stream's opening events (relayed from the provider), so
     * a failure ends it without opening it again.
     */
    void opened() {
        started = true;
    }

    private void start(Buffer out) {
        started = true;
        ObjectNode created = Json.object();
        created.set("response", frame.response("in_progress", List.of()));
        event(out, "response.created", created);
        ObjectNode progress = Json.object();
        progress.set("response", frame.response("in_progress", List.of()));
        event(out, "response.in_progress", progress);
    }

    private void textDelta(Buffer out, String content) {
        TextSlot slot = text;
        if (slot == null) {
            slot = new TextSlot(slots.size(), ResponseFrame.newId("msg"));
            text = slot;
            slots.add(slot);
            added(out, slot.index, OutputItems.message(slot.id, "in_progress"));
            ObjectNode part = slotEvent(slot.id, slot.index).put("content_index", 0);
            part.set("part", OutputItems.outputText(""));
            event(out, "response.content_part.added", part);
        }
        slot.text.append(content);
        ObjectNode delta =
                slotEvent(slot.id, slot.index).put("content_index", 0).put("delta", content);
        delta.putArray("logprobs");
        event(out, "response.output_text.delta", delta);
    }

    private void callDelta(Buffer out, JsonNode call) {
        int toolIndex = call.path("index").asInt(0);
        CallSlot slot = calls.get(toolIndex);
        JsonNode function = call.path("function");
        if (slot == null) {
            slot = new CallSlot(
                    slots.size(),
                    ResponseFrame.newId("fc"),
                    call.path("id").asText(ResponseFrame.newId("call")),
                    function.path("name").asText(""));
            calls.put(toolIndex, slot);
            slots.add(slot);
            added(out, slot.index, slot.item("in_progress"));
        } else if (slot.name.isEmpty() && function.path("name").isTextual()) {
            slot.name = function.path("name").asText();
        }
        String arguments = function.path("arguments").asText("");
        if (!arguments.isEmpty()) {
            slot.arguments.append(arguments);
            event(
                    out,
                    "response.function_call_arguments.delta",
                    slotEvent(slot.id, slot.index).put("delta", arguments));
        }
    }

    private void added(Buffer out, int index, ObjectNode item) {
        ObjectNode added = Json.object().put("output_index", index);
        added.set("item", item);
        event(out, "response.output_item.added", added);
    }

    private void itemDone(Buffer out, int index, ObjectNode item) {
        ObjectNode done = Json.object().put("output_index", index);
        done.set("item", item);
        event(out, "response.output_item.done", done);
    }

    private static ObjectNode slotEvent(String itemId, int index) {
        return Json.object().put("item_id", itemId).put("output_index", index);
    }

    private List<ObjectNode> items(boolean complete) {
        List<ObjectNode> items = new ArrayList<>();
        for (Slot slot : slots) {
            items.add(slot.item(complete ? "completed" : "incomplete"));
        }
        return items;
    }

    private void event(Buffer out, String type, ObjectNode fields) {
        ObjectNode event = Json.object().put("type", type).put("sequence_number", sequence++);
        event.setAll(fields);
        out.appendString("event: ")
                .appendString(type)
                .appendString("\ndata: ")
                .appendBuffer(Json.encode(event))
                .appendString("\n\n");
    }

    /** One output item under construction. */
    private abstract static class Slot {
        final int index;
        final String id;

        Slot(int index, String id) {
            this.index = index;
            this.id = id;
        }

        abstract ObjectNode item(String status);

        abstract void close(Buffer out);
    }

    private final class TextSlot extends Slot {
        final StringBuilder text = new StringBuilder();

        TextSlot(int index, String id) {
            super(index, id);
        }

        @Override
        ObjectNode item(String status) {
            ObjectNode item = OutputItems.message(id, status);
            item.withArray("content").add(OutputItems.outputText(text.toString()));
            return item;
        }

        @Override
        void close(Buffer out) {
            ObjectNode done = slotEvent(id, index).put("content_index", 0).put("text", text.toString());
            done.putArray("logprobs");
            event(out, "response.output_text.done", done);
            ObjectNode part = slotEvent(id, index).put("content_index", 0);
            part.set("part", OutputItems.outputText(text.toString()));
            event(out, "response.content_part.done", part);
            itemDone(out, index, item("completed"));
        }
    }

    private final class CallSlot extends Slot {
        final String callId;
        final StringBuilder arguments = new StringBuilder();
        String name;

        CallSlot(int index, String id, String callId, String name) {
            super(index, id);
            this.callId = callId;
            this.name = name;
        }

        @Override
        ObjectNode item(String status) {
            return OutputItems.functionCall(id, callId, name, arguments.toString(), status);
        }

        @Override
        void close(Buffer out) {
            event(
                    out,
                    "response.function_call_arguments.done",
                    slotEvent(id, index).put("name", name).put("arguments", arguments.toString()));
            itemDone(out, index, item("completed"));
        }
    }
}
