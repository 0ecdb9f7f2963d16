package dev.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI {@code tools} and {@code tool_choice} as Converse's {@code toolConfig}
 * ({@code {tools: [{toolSpec: {name, description, inputSchema: {json}}}], toolChoice}}; API
 * reference, "ToolConfiguration", "ToolChoice"; user guide, "Call a tool with the Converse API").
 */
final class OpenAiToBedrockTools {

    private OpenAiToBedrockTools() {}

    /**
     * The {@code toolConfig}, or {@code null} when none is to be sent.
     *
     * @param usesTools whether the conversation carries toolUse or toolResult blocks
     */
    static @Nullable ObjectNode toolConfig(JsonNode tools, JsonNode toolChoice, boolean usesTools, String provider) {
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return null;
        }
        String choice = toolChoice == null || toolChoice.isNull()
                ? "auto"
                : toolChoice.isTextual() ? toolChoice.asText() : "function";
        // ToolChoice has no "none" (only auto, any and tool), so "none" is expressed by withholding the
        // tools. Except when the history holds tool blocks: Converse then rejects a request without
        // toolConfig ("The toolConfig field must be defined when using toolUse and toolResult content
        // blocks"), so the tools go out with the default choice and the model may still call one.
        if (choice.equals("none") && !usesTools) {
            return null;
        }
        ObjectNode config = Json.object();
        ArrayNode specs = config.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            specs.addObject().set("toolSpec", toolSpec(tools.get(i), "tools[" + i + "]", provider));
        }
        switch (choice) {
            // auto is the default, and ToolChoice is "only supported by Anthropic Claude 3 models and by
            // Mistral AI Mistral Large": leaving it out keeps tools usable on every other model.
            case "auto", "none" -> {}
            case "required" -> config.putObject("toolChoice").putObject("any");
            case "function" -> {
                String name = toolChoice.path("function").path("name").asText("");
                if (name.isEmpty()) {
                    throw GatewayError.invalid("tool_choice must name a function.", "tool_choice.function.name");
                }
                config.putObject("toolChoice").putObject("tool").put("name", name);
            }
            default ->
                throw GatewayError.invalid(
                        "tool_choice '" + choice + "' is not one of none, auto, required.", "tool_choice");
        }
        return config;
    }

    private static ObjectNode toolSpec(JsonNode tool, String param, String provider) {
        if (!tool.path("type").asText().equals("function")) {
            throw GatewayError.invalid(
                    "Provider '" + provider + "' (Bedrock Converse) supports only function tools.", param + ".type");
        }
        JsonNode function = tool.path("function");
        ObjectNode spec = Json.object();
        spec.put("name", function.path("name").asText());
        String description = function.path("description").asText("");
        // ToolSpecification.description is a NonEmptyString.
        if (!description.isBlank()) {
            spec.put("description", description);
        }
        JsonNode parameters = function.get("parameters");
        ObjectNode schema = parameters != null && parameters.isObject() ? (ObjectNode) parameters : emptyObjectSchema();
        spec.putObject("inputSchema").set("json", schema);
        return spec;
    }

    /** OpenAI allows a function without parameters; "the top level schema type must be object". */
    private static ObjectNode emptyObjectSchema() {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        schema.putObject("properties");
        return schema;
    }
}
