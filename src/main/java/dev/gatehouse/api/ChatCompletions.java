package dev.gatehouse.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.usage.Usage;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Builds canonical answers (OpenAI {@code chat.completion} objects) for adapters whose provider
 * speaks another format. Field order and presence follow CreateChatCompletionResponse in OpenAI's
 * API reference, so SDK clients parse them like OpenAI's own.
 */
public final class ChatCompletions {

    private ChatCompletions() {}

    /** A fresh {@code chatcmpl-} id for answers whose provider id has another shape. */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "chatcmpl-" + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }

    /**
     * The {@code created} second of an answer translated from another format. The one read of the
     * system clock outside the gateway's clock: a label on the answer that no decision depends on,
     * read deep in the translators, which the provider SPI keeps free of gateway services.
     */
    public static long now() {
        return Instant.now().getEpochSecond();
    }

    /** A {@code chat.completion} with no choices yet; add them with {@link #addChoice}. */
    public static ObjectNode completion(String id, long created, String model, @Nullable Usage usage) {
        ObjectNode completion = Json.object();
        completion.put("id", id);
        completion.put("object", "chat.completion");
        completion.put("created", created);
        completion.put("model", model);
        completion.putArray("choices");
        if (usage != null) {
            completion.set("usage", usage.toOpenAi());
        }
        return completion;
    }

    /**
     * Adds a choice and returns its {@code message}, so the caller can set {@code content} and add
     * {@code tool_calls} (see {@link #addToolCall}).
     */
    public static ObjectNode addChoice(
            ObjectNode completion, int index, @Nullable String content, String finishReason) {
        ObjectNode choice = ((ArrayNode) completion.get("choices")).addObject();
        choice.put("index", index);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return message;
    }

    /** Adds a function tool call to an assistant message; {@code arguments} is a JSON string. */
    public static void addToolCall(ObjectNode message, String id, String name, String arguments) {
        ArrayNode calls =
                message.has("tool_calls") ? (ArrayNode) message.get("tool_calls") : message.putArray("tool_calls");
        ObjectNode call = calls.addObject();
        call.put("id", id);
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", arguments);
    }
}
