package dev.gatehouse.provider.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link MockCompletion} as OpenAI's {@code CreateChatCompletionResponse} (a
 * {@code chat.completion} object), with fields in OpenAI's order. Pure and stateless.
 */
final class MockChatBody {

    static final String FINGERPRINT = "fp_mock";

    private MockChatBody() {}

    static ObjectNode build(MockCompletion completion, String id, long created, String model) {
        ObjectNode body = MockJson.object();
        body.put("id", id);
        body.put("object", "chat.completion");
        body.put("created", created);
        body.put("model", model);
        ArrayNode choices = body.putArray("choices");
        for (MockCompletion.Choice choice : completion.choices()) {
            ObjectNode c = choices.addObject();
            c.put("index", choice.index());
            c.set("message", message(choice));
            c.putNull("logprobs");
            c.put("finish_reason", choice.finishReason());
        }
        body.set("usage", usage(completion));
        body.put("system_fingerprint", FINGERPRINT);
        return body;
    }

    private static ObjectNode message(MockCompletion.Choice choice) {
        ObjectNode message = MockJson.object();
        message.put("role", "assistant");
        if (choice instanceof MockCompletion.Text text) {
            message.put("content", text.content());
        } else if (choice instanceof MockCompletion.ToolCall call) {
            message.putNull("content");
            ObjectNode toolCall = message.putArray("tool_calls").addObject();
            toolCall.put("id", call.id());
            toolCall.put("type", "function");
            ObjectNode function = toolCall.putObject("function");
            function.put("name", call.name());
            function.put("arguments", call.arguments());
        }
        message.putNull("refusal");
        return message;
    }

    /** OpenAI's {@code CompletionUsage}, with the detail counters it always sends. */
    static ObjectNode usage(MockCompletion completion) {
        ObjectNode usage = MockJson.object();
        usage.put("prompt_tokens", completion.promptTokens());
        usage.put("completion_tokens", completion.completionTokens());
        usage.put("total_tokens", completion.promptTokens() + completion.completionTokens());
        ObjectNode prompt = usage.putObject("prompt_tokens_details");
        prompt.put("cached_tokens", 0);
        prompt.put("audio_tokens", 0);
        ObjectNode generated = usage.putObject("completion_tokens_details");
        generated.put("reasoning_tokens", 0);
        generated.put("audio_tokens", 0);
        generated.put("accepted_prediction_tokens", 0);
        generated.put("rejected_prediction_tokens", 0);
        return usage;
    }
}
