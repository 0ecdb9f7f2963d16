package dev.gatehouse.api.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;

/** The output items the gateway produces, in the shapes of OpenAI's {@code OutputMessage} and {@code FunctionToolCall}. */
final class OutputItems {

    private OutputItems() {}

    static ObjectNode message(String id, String status) {
        ObjectNode item = Json.object()
                .put("id", id)
                .put("type", "message")
                .put("status", status)
                .put("role", "assistant");
        item.putArray("content");
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = Json.object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode refusal(String text) {
        return Json.object().put("type", "refusal").put("refusal", text);
    }

    static ObjectNode functionCall(String id, String callId, String name, String arguments, String status) {
        return Json.object()
                .put("id", id)
                .put("type", "function_call")
                .put("status", status)
                .put("arguments", arguments)
                .put("call_id", callId)
                .put("name", name);
    }
}
