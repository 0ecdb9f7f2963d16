package dev.gatehouse.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The input items of a Responses request: checked against the item types the gateway can carry to
 * every provider, and normalized to the item list OpenAI's {@code input_items} endpoint shows (a
 * string input is one user message with one {@code input_text} part). Pure.
 */
public final class ResponsesInput {

    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");
    private static final Set<String> PARTS = Set.of("input_text", "input_image", "output_text", "refusal");

    private ResponsesInput() {}

    /** Checks {@code input} (a string or an array of items); a bad item is a 400 naming its path. */
    static void check(JsonNode input) {
        if (input.isTextual()) {
            return;
        }
        if (!input.isArray()) {
            throw ResponsesChecks.wrongType("input", "a string or an array of input items", input);
        }
        for (int i = 0; i < input.size(); i++) {
            checkItem(input.get(i), "input[" + i + "]");
        }
    }

    private static void checkItem(JsonNode item, String param) {
        if (!item.isObject()) {
            throw ResponsesChecks.wrongType(param, "an object", item);
        }
        switch (type(item)) {
            case "message" -> checkMessage(item, param);
            case "function_call" -> {
                ResponsesChecks.requiredString(item, "call_id", param + ".call_id");
                ResponsesChecks.requiredString(item, "name", param + ".name");
                ResponsesChecks.requiredString(item, "arguments", param + ".arguments");
            }
            case "function_call_output" -> {
                ResponsesChecks.requiredString(item, "call_id", param + ".call_id");
                JsonNode output = ResponsesChecks.present(item, "output");
                if (output == null) {
                    throw ResponsesChecks.missing(param + ".output");
                }
                if (!output.isTextual() && !output.isArray()) {
                    throw ResponsesChecks.wrongType(param + ".output", "a string or an array", output);
                }
            }
            // Reasoning items hold one provider's encrypted or summarized thoughts; other providers
            // cannot take them back, so they are accepted and left out of the translation.
            case "reasoning" -> {}
            default ->
                throw ResponsesChecks.unsupported(
                        param + ".type",
                        "Input items of type '" + type(item)
                                + "' are not supported by this gateway; use message, function_call, function_call_output or reasoning items.");
        }
    }

    private static void checkMessage(JsonNode item, String param) {
        JsonNode role = ResponsesChecks.present(item, "role");
        if (role == null) {
            throw ResponsesChecks.missing(param + ".role");
        }
        if (!role.isTextual() || !ROLES.contains(role.asText())) {
            throw ResponsesChecks.invalid(
                    "Invalid value: '" + role.asText()
                            + "'. Supported values are: 'user', 'assistant', 'system' and 'developer'.",
                    param + ".role",
                    "invalid_value");
        }
        JsonNode content = ResponsesChecks.present(item, "content");
        if (content == null) {
            throw ResponsesChecks.missing(param + ".content");
        }
        if (content.isTextual()) {
            return;
        }
        if (!content.isArray()) {
            throw ResponsesChecks.wrongType(param + ".content", "a string or an array", content);
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partParam = param + ".content[" + j + "]";
            if (!part.isObject()) {
                throw ResponsesChecks.wrongType(partParam, "an object", part);
            }
            String type = ResponsesChecks.requiredString(part, "type", partParam + ".type");
            if (!PARTS.contains(type)) {
                throw ResponsesChecks.unsupported(
                        partParam + ".type",
                        "Content parts of type '" + type
                                + "' are not supported by this gateway; use input_text or input_image.");
            }
            if (type.equals("input_image")) {
                if (ResponsesChecks.present(part, "image_url") == null) {
                    throw ResponsesChecks.unsupported(
                            partParam + ".image_url",
                            "Images must be given as 'image_url' (a URL or a data URL); file ids are not supported by this gateway.");
                }
                ResponsesChecks.requiredString(part, "image_url", partParam + ".image_url");
            } else if (type.equals("refusal")) {
                ResponsesChecks.requiredString(part, "refusal", partParam + ".refusal");
            } else {
                ResponsesChecks.requiredString(part, "text", partParam + ".text");
            }
        }
    }

    /** An item's type; a message may leave it out (OpenAI's {@code EasyInputMessage}). */
    static String type(JsonNode item) {
        JsonNode type = item.get("type");
        if (type == null || type.isNull()) {
            return item.has("role") ? "message" : "";
        }
        return type.asText();
    }

    /**
     * The checked input as a list of items with ids and their {@code type}, as OpenAI lists them.
     *
     * @param ids makes the id of an item that came without one
     */
    public static List<ObjectNode> normalized(JsonNode input, Function<String, String> ids) {
        List<ObjectNode> items = new ArrayList<>();
        if (input.isTextual()) {
            ObjectNode message = Json.object().put("type", "message").put("role", "user");
            message.putArray("content").addObject().put("type", "input_text").put("text", input.asText());
            items.add(withId(message, ids));
            return items;
        }
        for (JsonNode item : input) {
            ObjectNode copy = ((ObjectNode) item).deepCopy();
            String type = type(copy);
            copy.put("type", type);
            if (type.equals("message") && copy.path("content").isTextual()) {
                String text = copy.path("content").asText();
                ArrayNode parts = copy.putArray("content");
                parts.addObject()
                        .put("type", copy.path("role").asText().equals("assistant") ? "output_text" : "input_text")
                        .put("text", text);
            }
            items.add(withId(copy, ids));
        }
        return items;
    }

    private static ObjectNode withId(ObjectNode item, Function<String, String> ids) {
        if (!item.path("id").isTextual()) {
            String prefix = switch (item.path("type").asText()) {
                case "function_call" -> "fc";
                case "function_call_output" -> "fco";
                case "reasoning" -> "rs";
                default -> "msg";
            };
            item.put("id", ids.apply(prefix));
        }
        if (!item.has("status") && !item.path("type").asText().equals("reasoning")) {
            item.put("status", "completed");
        }
        return item;
    }
}
