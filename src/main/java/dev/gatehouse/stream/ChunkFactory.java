package dev.gatehouse.stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Builds the canonical chunks ({@code chat.completion.chunk}) of one streamed answer, for stream
 * translators whose provider speaks another format. Every chunk shares the stream's id, creation
 * time and model, as OpenAI's do. One factory per stream; not thread-safe.
 */
public final class ChunkFactory {

    private final String id;
    private final long created;
    private final String model;

    public ChunkFactory(String id, long created, String model) {
        this.id = id;
        this.created = created;
        this.model = model;
    }

    /** The first chunk: the assistant role with empty content. */
    public StreamChunk role(int index) {
        ObjectNode delta = JsonNodeFactory.instance.objectNode();
        delta.put("role", "assistant");
        delta.put("content", "");
        return withDelta(index, delta, null);
    }

    public StreamChunk text(int index, String text) {
        ObjectNode delta = JsonNodeFactory.instance.objectNode();
        delta.put("content", text);
        return withDelta(index, delta, null);
    }

    /** Opens tool call {@code callIndex}: its id, type and name, with empty arguments. */
    public StreamChunk toolCallStart(int index, int callIndex, String callId, String name) {
        ObjectNode delta = JsonNodeFactory.instance.objectNode();
        ObjectNode call = delta.putArray("tool_calls").addObject();
        call.put("index", callIndex);
        call.put("id", callId);
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", "");
        return withDelta(index, delta, null);
    }

    /** The next piece of tool call {@code callIndex}'s JSON arguments. */
    public StreamChunk toolCallArguments(int index, int callIndex, String piece) {
        ObjectNode delta = JsonNodeFactory.instance.objectNode();
        ObjectNode call = delta.putArray("tool_calls").addObject();
        call.put("index", callIndex);
        call.putObject("function").put("arguments", piece);
        return withDelta(index, delta, null);
    }

    /** The chunk that ends choice {@code index}: an empty delta and its finish reason. */
    public StreamChunk finish(int index, String finishReason) {
        return withDelta(index, JsonNodeFactory.instance.objectNode(), finishReason);
    }

    /** The trailing usage chunk: no choices, the stream's usage. */
    public StreamChunk usage(Usage usage) {
        ObjectNode chunk = base();
        chunk.putArray("choices");
        chunk.set("usage", usage.toOpenAi());
        return new StreamChunk(chunk, null, true);
    }

    /**
     * A chunk with no choices and no usage: it carries nothing canonical, only the provider events
     * a same-dialect client receives as they came ({@link StreamChunk#passthrough}).
     */
    public StreamChunk passthroughOnly(Buffer events) {
        ObjectNode chunk = base();
        chunk.putArray("choices");
        return new StreamChunk(chunk, null, false, events);
    }

    private StreamChunk withDelta(int index, ObjectNode delta, @Nullable String finishReason) {
        ObjectNode chunk = base();
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", index);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return new StreamChunk(chunk, null, false);
    }

    private ObjectNode base() {
        ObjectNode chunk = JsonNodeFactory.instance.objectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }
}
