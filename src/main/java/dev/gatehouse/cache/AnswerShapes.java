package dev.gatehouse.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.stream.ChunkFactory;
import dev.gatehouse.usage.Usage;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The two shapes of one chat answer: a {@code chat.completion}, which the cache keeps, and the
 * {@code chat.completion.chunk}s of the same answer streamed. A streamed answer is assembled into a
 * completion to be stored; a stored completion is cut into chunks again when a {@code stream: true}
 * request hits it (role, content, each tool call with its arguments, the finish reason, then usage,
 * which the OpenAI surface drops unless the client asked for it).
 */
final class AnswerShapes {

    /** Finish reasons of an answer that ended normally; anything else (content_filter, error) is never stored. */
    static final Set<String> COMPLETE = Set.of("stop", "length", "tool_calls", "function_call");

    private AnswerShapes() {}

    /** Whether every choice of {@code completion} finished normally. */
    static boolean completed(JsonNode completion) {
        JsonNode choices = completion.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            return false;
        }
        for (JsonNode choice : choices) {
            if (!COMPLETE.contains(choice.path("finish_reason").asText(""))) {
                return false;
            }
        }
        return true;
    }

    /** The completion the {@code chunks} of a finished stream make up, with {@code usage}. */
    static ObjectNode assemble(ArrayNode chunks, Usage usage) {
        TreeMap<Integer, ObjectNode> messages = new TreeMap<>();
        TreeMap<Integer, String> finish = new TreeMap<>();
        TreeMap<Integer, TreeMap<Integer, ObjectNode>> calls = new TreeMap<>();
        JsonNode first = chunks.isEmpty() ? Json.object() : chunks.get(0);
        String fingerprint = null;
        for (JsonNode chunk : chunks) {
            if (chunk.path("system_fingerprint").isTextual()) {
                fingerprint = chunk.path("system_fingerprint").asText();
            }
            for (JsonNode choice : chunk.path("choices")) {
                int index = choice.path("index").asInt();
                ObjectNode message = messages.computeIfAbsent(index, i -> {
                    ObjectNode m = Json.object();
                    m.put("role", "assistant");
                    m.putNull("content");
                    return m;
                });
                JsonNode delta = choice.path("delta");
                // The role chunk's empty content leaves a tool-call answer's content null, as it came.
                if (delta.path("content").isTextual()
                        && !delta.path("content").asText().isEmpty()) {
                    String before = message.path("content").isTextual()
                            ? message.path("content").asText()
                            : "";
                    message.put("content", before + delta.path("content").asText());
                }
                if (delta.path("refusal").isTextual()) {
                    message.put(
                            "refusal",
                            message.path("refusal").asText("")
                                    + delta.path("refusal").asText());
                }
                for (JsonNode call : delta.path("tool_calls")) {
                    ObjectNode held = calls.computeIfAbsent(index, i -> new TreeMap<>())
                            .computeIfAbsent(call.path("index").asInt(), i -> {
                                ObjectNode c = Json.object();
                                c.put("id", "");
                                c.put("type", "function");
                                c.putObject("function").put("name", "").put("arguments", "");
                                return c;
                            });
                    if (call.path("id").isTextual()) {
                        held.put("id", call.path("id").asText());
                    }
                    ObjectNode function = (ObjectNode) held.get("function");
                    JsonNode f = call.path("function");
                    if (f.path("name").isTextual() && !f.path("name").asText().isEmpty()) {
                        function.put("name", f.path("name").asText());
                    }
                    function.put(
                            "arguments",
                            function.path("arguments").asText()
                                    + f.path("arguments").asText(""));
                }
                if (choice.path("finish_reason").isTextual()) {
                    finish.put(index, choice.path("finish_reason").asText());
                }
            }
        }
        ObjectNode completion = Json.object();
        completion.put("id", first.path("id").asText(""));
        completion.put("object", "chat.completion");
        completion.put("created", first.path("created").asLong());
        completion.put("model", first.path("model").asText(""));
        ArrayNode choices = completion.putArray("choices");
        messages.forEach((index, message) -> {
            TreeMap<Integer, ObjectNode> toolCalls = calls.get(index);
            if (toolCalls != null) {
                ArrayNode list = message.putArray("tool_calls");
                toolCalls.values().forEach(list::add);
            }
            ObjectNode choice = choices.addObject();
            choice.put("index", index);
            choice.set("message", message);
            choice.putNull("logprobs");
            String reason = finish.get(index);
            if (reason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", reason);
            }
        });
        completion.set("usage", usage.toOpenAi());
        if (fingerprint != null) {
            completion.put("system_fingerprint", fingerprint);
        }
        return completion;
    }

    /** The chunks that stream {@code completion} again, ending with a usage chunk. */
    static ArrayNode chunks(JsonNode completion, Usage usage) {
        ChunkFactory factory = new ChunkFactory(
                completion.path("id").asText(""),
                completion.path("created").asLong(),
                completion.path("model").asText(""));
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode choice : completion.path("choices")) {
            int index = choice.path("index").asInt();
            JsonNode message = choice.path("message");
            out.add(factory.role(index).json());
            String content = text(message.path("content"));
            if (content != null && !content.isEmpty()) {
                out.add(factory.text(index, content).json());
            }
            int callIndex = 0;
            for (JsonNode call : message.path("tool_calls")) {
                JsonNode function = call.path("function");
                out.add(factory.toolCallStart(
                                index,
                                callIndex,
                                call.path("id").asText(""),
                                function.path("name").asText(""))
                        .json());
                String arguments = function.path("arguments").asText("");
                if (!arguments.isEmpty()) {
                    out.add(factory.toolCallArguments(index, callIndex, arguments)
                            .json());
                }
                callIndex++;
            }
            out.add(factory.finish(index, choice.path("finish_reason").asText("stop"))
                    .json());
        }
        out.add(factory.usage(usage).json());
        JsonNode fingerprint = completion.path("system_fingerprint");
        if (fingerprint.isTextual()) {
            for (JsonNode chunk : out) {
                ((ObjectNode) chunk).set("system_fingerprint", fingerprint);
            }
        }
        return out;
    }

    private static @Nullable String text(JsonNode content) {
        return content.isTextual() ? content.asText() : null;
    }
}
