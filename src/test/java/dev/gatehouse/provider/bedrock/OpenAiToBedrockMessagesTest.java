package dev.gatehouse.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import org.junit.jupiter.api.Test;

class OpenAiToBedrockMessagesTest {

    private static final String PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    private static OpenAiToBedrockMessages.Conversation translate(String messages) {
        return OpenAiToBedrockMessages.of(Json.parse(messages), "aws-bedrock");
    }

    @Test
    void movesSystemAndDeveloperMessagesToSystemBlocksInOrder() {
        OpenAiToBedrockMessages.Conversation c = translate("""
                [{"role":"system","content":"Be brief."},
                 {"role":"developer","content":[{"type":"text","text":"Answer in English."}]},
                 {"role":"user","content":"Hello"}]""");

        assertThat(c.system()).isEqualTo(Json.parse("[{\"text\":\"Be brief.\"},{\"text\":\"Answer in English.\"}]"));
        assertThat(c.messages()).isEqualTo(Json.parse("[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]}]"));
        assertThat(c.usesTools()).isFalse();
    }

    @Test
    void mergesConsecutiveTurnsOfOneRoleSoRolesAlternate() {
        OpenAiToBedrockMessages.Conversation c = translate("""
                [{"role":"user","content":"Hi"},{"role":"user","content":"Are you there?"},
                 {"role":"assistant","content":"Yes."},{"role":"assistant","content":"How can I help?"}]""");

        assertThat(c.messages()).isEqualTo(Json.parse("""
                [{"role":"user","content":[{"text":"Hi"},{"text":"Are you there?"}]},
                 {"role":"assistant","content":[{"text":"Yes."},{"text":"How can I help?"}]}]"""));
    }

    @Test
    void turnsToolCallsIntoToolUseAndToolMessagesIntoUserToolResults() {
        OpenAiToBedrockMessages.Conversation c = translate("""
                [{"role":"user","content":"Weather in Boston and Paris?"},
                 {"role":"assistant","content":"","tool_calls":[
                   {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Boston, MA\\"}"}},
                   {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"72F, sunny"},
                 {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"18C, rain"}]},
                 {"role":"user","content":"Thanks"}]""");

        assertThat(c.usesTools()).isTrue();
        assertThat(c.messages()).isEqualTo(Json.parse("""
                [{"role":"user","content":[{"text":"Weather in Boston and Paris?"}]},
                 {"role":"assistant","content":[
                   {"toolUse":{"toolUseId":"call_1","name":"get_weather","input":{"location":"Boston, MA"}}},
                   {"toolUse":{"toolUseId":"call_2","name":"get_weather","input":{"location":"Paris"}}}]},
                 {"role":"user","content":[
                   {"toolResult":{"toolUseId":"call_1","content":[{"text":"72F, sunny"}]}},
                   {"toolResult":{"toolUseId":"call_2","content":[{"text":"18C, rain"}]}},
                   {"text":"Thanks"}]}]"""));
    }

    @Test
    void sendsImagesInlineWithTheirFormat() {
        OpenAiToBedrockMessages.Conversation c = translate("""
                [{"role":"user","content":[{"type":"text","text":"What is in this image?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,%s"}},
                  {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,%s"}}]}]""".formatted(PNG, PNG));

        JsonNode content = c.messages().get(0).get("content");
        assertThat(content.get(1))
                .isEqualTo(Json.parse("{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"" + PNG + "\"}}}"));
        assertThat(content.get(2).path("image").path("format").asText()).isEqualTo("jpeg");
    }

    @Test
    void refusesRemoteImagesAndUnsupportedFormatsNamingTheParameter() {
        assertThatThrownBy(() -> translate("""
                [{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]""")).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo("messages[0].content[0].image_url.url");
            assertThat(e.getMessage()).contains("aws-bedrock").contains("data URL");
        });
        assertThatThrownBy(() -> translate("""
                [{"role":"user","content":[{"type":"text","text":"x"},{"type":"image_url","image_url":{"url":"data:image/bmp;base64,Qk0="}}]}]"""))
                .isInstanceOfSatisfying(
                        GatewayError.class,
                        e -> assertThat(e.param()).isEqualTo("messages[0].content[1].image_url.url"));
        assertThatThrownBy(() ->
                        translate("[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]}]"))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("messages[0].content[0].type"));
    }

    @Test
    void leavesOutBlankTextBlocksWhichBedrockRejects() {
        OpenAiToBedrockMessages.Conversation c = translate("""
                [{"role":"user","content":"Hi"},{"role":"assistant","content":"  "},{"role":"user","content":"Hello?"}]""");

        assertThat(c.messages())
                .isEqualTo(Json.parse("[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"},{\"text\":\"Hello?\"}]}]"));
    }

    @Test
    void refusesToolArgumentsThatAreNotAJsonObject() {
        assertThatThrownBy(() -> translate("""
                [{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"not json"}}]}]"""))
                .isInstanceOfSatisfying(
                        GatewayError.class,
                        e -> assertThat(e.param()).isEqualTo("messages[0].tool_calls[0].function.arguments"));
    }
}
