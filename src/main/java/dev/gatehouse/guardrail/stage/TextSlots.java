package dev.gatehouse.guardrail.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Endpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the texts of a canonical request or a JSON answer are, in a fixed order, so a guardrail's
 * segments can be read and written back one for one. Requests: every chat message's string content
 * and text parts (system, developer, user, assistant, tool results), an embeddings {@code input} and
 * a completions {@code prompt}. Answers: each choice's message content. Pure; {@link #replace} copies.
 */
final class TextSlots {

    private TextSlots() {}

    /** A text field: {@code container.get(field)} for an object, {@code container.get(index)} for an array. */
    private record Slot(JsonNode container, String field, int index) {
        String text() {
            return (index < 0 ? container.get(field) : container.get(index)).asText();
        }

        void set(String text) {
            if (index < 0) {
                ((ObjectNode) container).put(field, text);
            } else {
                ((ArrayNode) container).set(index, ((ArrayNode) container).textNode(text));
            }
        }
    }

    static List<String> request(Endpoint endpoint, ObjectNode body) {
        return texts(requestSlots(endpoint, body));
    }

    static ObjectNode replaceRequest(Endpoint endpoint, ObjectNode body, List<String> segments) {
        ObjectNode copy = body.deepCopy();
        write(requestSlots(endpoint, copy), segments);
        return copy;
    }

    static List<String> answer(ObjectNode completion) {
        return texts(answerSlots(completion));
    }

    static ObjectNode replaceAnswer(ObjectNode completion, List<String> segments) {
        ObjectNode copy = completion.deepCopy();
        write(answerSlots(copy), segments);
        return copy;
    }

    private static List<String> texts(List<Slot> slots) {
        List<String> out = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            out.add(slot.text());
        }
        return out;
    }

    private static void write(List<Slot> slots, List<String> segments) {
        if (slots.size() != segments.size()) {
            throw new IllegalArgumentException(
                    "a guardrail gave " + segments.size() + " segments for " + slots.size() + " texts");
        }
        for (int i = 0; i < slots.size(); i++) {
            slots.get(i).set(segments.get(i));
        }
    }

    private static List<Slot> requestSlots(Endpoint endpoint, ObjectNode body) {
        List<Slot> slots = new ArrayList<>();
        switch (endpoint) {
            case CHAT_COMPLETIONS -> {
                for (JsonNode message : body.path("messages")) {
                    content(message, slots);
                }
            }
            case EMBEDDINGS -> strings(body, "input", slots);
            case COMPLETIONS -> strings(body, "prompt", slots);
            default -> {}
        }
        return slots;
    }

    private static List<Slot> answerSlots(ObjectNode completion) {
        List<Slot> slots = new ArrayList<>();
        for (JsonNode choice : completion.path("choices")) {
            content(choice.path("message"), slots);
        }
        return slots;
    }

    /** A message's {@code content}: a string, or text parts ({@code {"type":"text","text":...}}). */
    private static void content(JsonNode message, List<Slot> slots) {
        JsonNode content = message.path("content");
        if (content.isTextual()) {
            slots.add(new Slot(message, "content", -1));
        } else if (content.isArray()) {
            for (JsonNode part : content) {
                if (part.path("text").isTextual()
                        && "text".equals(part.path("type").asText())) {
                    slots.add(new Slot(part, "text", -1));
                }
            }
        }
    }

    /** A string or a list of strings (token-id lists are not text and are left alone). */
    private static void strings(ObjectNode body, String field, List<Slot> slots) {
        JsonNode value = body.path(field);
        if (value.isTextual()) {
            slots.add(new Slot(body, field, -1));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                if (value.get(i).isTextual()) {
                    slots.add(new Slot(value, "", i));
                }
            }
        }
    }
}
