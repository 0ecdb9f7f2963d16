package dev.gatehouse.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.usage.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * A canonical chat completion as a Response object: the first choice's text (and refusal) as one
 * assistant {@code message} item with {@code output_text} parts, then each tool call as a
 * {@code function_call} item; the finish reason sets {@code status} and
 * {@code incomplete_details}. Pure.
 */
public final class ChatToResponse {

    private ChatToResponse() {}

    public static ObjectNode translate(ResponseFrame frame, JsonNode completion, Usage usage) {
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        List<ObjectNode> output = new ArrayList<>();
        String text =
                message.path("content").isTextual() ? message.path("content").asText() : "";
        String refusal =
                message.path("refusal").isTextual() ? message.path("refusal").asText() : "";
        if (!text.isEmpty() || !refusal.isEmpty()) {
            ObjectNode item = OutputItems.message(ResponseFrame.newId("msg"), "completed");
            if (!text.isEmpty()) {
                item.withArray("content").add(OutputItems.outputText(text));
            }
            if (!refusal.isEmpty()) {
                item.withArray("content").add(OutputItems.refusal(refusal));
            }
            output.add(item);
        }
        for (JsonNode call : message.path("tool_calls")) {
            output.add(OutputItems.functionCall(
                    ResponseFrame.newId("fc"),
                    call.path("id").asText(),
                    call.path("function").path("name").asText(),
                    call.path("function").path("arguments").asText(""),
                    "completed"));
        }
        String finish = choice.path("finish_reason").isTextual()
                ? choice.path("finish_reason").asText()
                : null;
        return frame.finished(output, finish, usage);
    }
}
