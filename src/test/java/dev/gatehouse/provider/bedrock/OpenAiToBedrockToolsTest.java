package dev.gatehouse.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import org.junit.jupiter.api.Test;

class OpenAiToBedrockToolsTest {

    private static final JsonNode TOOLS = Json.parse("""
            [{"type":"function","function":{"name":"get_weather","description":"Get the current weather in a city",
              "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}},
             {"type":"function","function":{"name":"now"}}]""");

    private static ObjectNode config(String toolChoice, boolean usesTools) {
        return OpenAiToBedrockTools.toolConfig(
                TOOLS, toolChoice == null ? null : Json.parse(toolChoice), usesTools, "aws-bedrock");
    }

    @Test
    void wrapsEachFunctionInAToolSpecWithItsSchemaAsJson() {
        assertThat(config(null, false)).isEqualTo(Json.parse("""
                {"tools":[
                  {"toolSpec":{"name":"get_weather","description":"Get the current weather in a city",
                    "inputSchema":{"json":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}},
                  {"toolSpec":{"name":"now","inputSchema":{"json":{"type":"object","properties":{}}}}}]}"""));
    }

    @Test
    void mapsToolChoiceAndLeavesAutoAsTheDefault() {
        assertThat(config("\"auto\"", false).has("toolChoice")).isFalse();
        assertThat(config("\"required\"", false).get("toolChoice")).isEqualTo(Json.parse("{\"any\":{}}"));
        assertThat(config("{\"type\":\"function\",\"function\":{\"name\":\"now\"}}", false)
                        .get("toolChoice"))
                .isEqualTo(Json.parse("{\"tool\":{\"name\":\"now\"}}"));
    }

    @Test
    void withholdsTheToolsForNoneUnlessTheHistoryUsesThem() {
        assertThat(config("\"none\"", false)).isNull();
        ObjectNode withHistory = config("\"none\"", true);
        assertThat(withHistory.get("tools")).hasSize(2);
        assertThat(withHistory.has("toolChoice")).isFalse();
    }

    @Test
    void sendsNothingWithoutToolsAndRefusesWhatItCannotExpress() {
        assertThat(OpenAiToBedrockTools.toolConfig(null, null, false, "p")).isNull();
        assertThat(OpenAiToBedrockTools.toolConfig(Json.parse("[]"), null, false, "p"))
                .isNull();
        assertThatThrownBy(() -> OpenAiToBedrockTools.toolConfig(
                        Json.parse("[{\"type\":\"custom\",\"custom\":{}}]"), null, false, "p"))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("tools[0].type"));
        assertThatThrownBy(() -> config("\"sometimes\"", false))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("tool_choice"));
    }
}
