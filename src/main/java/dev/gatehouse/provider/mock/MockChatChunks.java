package dev.gatehouse.provider.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MockCompletion} as the server-sent events of OpenAI's streaming chat API: a role chunk
 * per choice, one delta chunk per word (or per slice of tool call arguments), a finish chunk per
 * choice, the usage chunk when {@code stream_options.include_usage} is set, and {@code [DONE]}.
 * With {@code n > 1} the choices' chunks interleave, as OpenAI's do. Immutable.
 *
 * @param frames every event, framed as {@code data: ...\n\n}, in sending order
 * @param firstFinish the index of the first frame that carries a {@code finish_reason}; a truncated
 *     stream stops before it
 */
record MockChatChunks(List<Buffer> frames, int firstFinish) {

    /** Characters of tool call arguments per chunk; OpenAI sends a few tokens' worth at a time. */
    private static final int ARGUMENT_SLICE = 8;

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

    static MockChatChunks of(MockCompletion completion, String id, long created, String model, boolean includeUsage) {
        Chunker chunker = new Chunker(id, created, model, includeUsage);
        List<List<ObjectNode>> deltas = new ArrayList<>();
        int longest = 0;
        for (MockCompletion.Choice choice : completion.choices()) {
            List<ObjectNode> d = deltas(choice);
            deltas.add(d);
            longest = Math.max(longest, d.size());
        }
        List<Buffer> frames = new ArrayList<>();
        for (int step = 0; step < longest; step++) {
            for (int c = 0; c < deltas.size(); c++) {
                if (step < deltas.get(c).size()) {
                    frames.add(frame(chunker.chunk(c, deltas.get(c).get(step), null)));
                }
            }
        }
        int firstFinish = frames.size();
        for (MockCompletion.Choice choice : completion.choices()) {
            frames.add(frame(chunker.chunk(choice.index(), MockJson.object(), choice.finishReason())));
        }
        if (includeUsage) {
            ObjectNode last = chunker.envelope();
            last.set("usage", MockChatBody.usage(completion));
            frames.add(frame(last));
        }
        frames.add(DONE.copy());
        return new MockChatChunks(List.copyOf(frames), firstFinish);
    }

    private static List<ObjectNode> deltas(MockCompletion.Choice choice) {
        List<ObjectNode> deltas = new ArrayList<>();
        ObjectNode first = MockJson.object();
        first.put("role", "assistant");
        if (choice instanceof MockCompletion.Text text) {
            first.put("content", "");
            first.putNull("refusal");
            deltas.add(first);
            for (String piece : text.pieces()) {
                ObjectNode delta = MockJson.object();
                delta.put("content", piece);
                deltas.add(delta);
            }
        } else if (choice instanceof MockCompletion.ToolCall call) {
            first.putNull("content");
            ObjectNode opening = first.putArray("tool_calls").addObject();
            opening.put("index", 0);
            opening.put("id", call.id());
            opening.put("type", "function");
            ObjectNode function = opening.putObject("function");
            function.put("name", call.name());
            function.put("arguments", "");
            first.putNull("refusal");
            deltas.add(first);
            for (String slice : slices(call.arguments())) {
                ObjectNode delta = MockJson.object();
                ObjectNode part = delta.putArray("tool_calls").addObject();
                part.put("index", 0);
                part.putObject("function").put("arguments", slice);
                deltas.add(delta);
            }
        }
        return deltas;
    }

    private static List<String> slices(String text) {
        List<String> slices = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(start + ARGUMENT_SLICE, text.length());
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end++;
            }
            slices.add(text.substring(start, end));
            start = end;
        }
        return slices;
    }

    private static Buffer frame(ObjectNode chunk) {
        byte[] json = MockJson.bytes(chunk);
        return Buffer.buffer(json.length + DATA.length + END.length)
                .appendBytes(DATA)
                .appendBytes(json)
                .appendBytes(END);
    }

    /** Builds the {@code chat.completion.chunk} objects, which share id, created and model. */
    private record Chunker(String id, long created, String model, boolean includeUsage) {

        ObjectNode envelope() {
            ObjectNode chunk = MockJson.object();
            chunk.put("id", id);
            chunk.put("object", "chat.completion.chunk");
            chunk.put("created", created);
            chunk.put("model", model);
            chunk.put("system_fingerprint", MockChatBody.FINGERPRINT);
            chunk.putArray("choices");
            return chunk;
        }

        ObjectNode chunk(int index, ObjectNode delta, @Nullable String finishReason) {
            ObjectNode chunk = envelope();
            ObjectNode choice = ((ArrayNode) chunk.get("choices")).addObject();
            choice.put("index", index);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason);
            if (includeUsage) {
                // OpenAI sends "usage": null on every chunk but the last when usage is requested.
                chunk.putNull("usage");
            }
            return chunk;
        }
    }
}
