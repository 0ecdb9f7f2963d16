package dev.gatehouse.dispatch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an answer generated, as text to count when its provider reported no usage: the content and
 * the tool calls' names and arguments of a message (a JSON answer's choice) or a delta (a stream
 * chunk's choice), which carry them in the same fields.
 */
final class AnsweredText {

    private AnsweredText() {}

    static void append(StringBuilder text, JsonNode messageOrDelta) {
        JsonNode content = messageOrDelta.path("content");
        if (content.isTextual()) {
            text.append(content.asText());
        }
        for (JsonNode call : messageOrDelta.path("tool_calls")) {
            text.append(call.path("function").path("name").asText(""));
            text.append(call.path("function").path("arguments").asText(""));
        }
    }
}
