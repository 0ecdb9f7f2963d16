package dev.gatehouse.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** System prompt, roles, tool calls and results, images and empty text in the Messages API's terms. */
class OpenAiToAnthropicMessagesTest {

    private static final String PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    private static OpenAiToAnthropicMessages.Translated translate(String messages) {
        return OpenAiToAnthropicMessages.translate(Json.parse(messages), AnthropicTestRoutes.PROVIDER);
    }

    private static JsonNode json(String text) {
        return Json.parse(text);
    }

    @Test
    void liftsASingleSystemMessageIntoTheTopLevelSystemString() {
        OpenAiToAnthropicMessages.Translated t = translate("""
                [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello"}]""");

        assertThat(t.system()).isEqualTo(json("\"Be brief.\""));
        assertThat(t.messages()).isEqualTo(json("""
                [{"role": "user", "content": [{"type": "text", "text": "Hello"}]}]"""));
    }

    @Test
    void gathersSeveralSystemAndDeveloperMessagesFromAnywhereIntoTextBlocks() {
        OpenAiToAnthropicMessages.Translated t = translate("""
                [{"role": "developer", "content": [{"type": "text", "text": "Answer in French."}]},
                 {"role": "user", "content": "Hello"},
                 {"role": "system", "content": "Be brief."},
                 {"role": "system", "content": ""}]""");

        assertThat(t.system()).isEqualTo(json("""
                [{"type": "text", "text": "Answer in French."}, {"type": "text", "text": "Be brief."}]"""));
        assertThat(t.messages()).hasSize(1);
    }

    @Test
    void keepsCacheControlOnSystemPartsImagesAndToolResults() {
        OpenAiToAnthropicMessages.Translated t = translate("""
                [{"role": "system", "content": [{"type": "text", "text": "Rules.", "cache_control": {"type": "ephemeral", "ttl": "1h"}}]},
                 {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64,%s"},
                                               "cache_control": {"type": "ephemeral"}}]},
                 {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
                 {"role": "tool", "tool_call_id": "call_1", "content": "ok", "cache_control": {"type": "ephemeral", "ttl": "5m"}}]""".formatted(PNG));

        assertThat(t.system())
                .as("one marked block stays a block: a string cannot carry the marker")
                .isEqualTo(json("""
                        [{"type": "text", "text": "Rules.", "cache_control": {"type": "ephemeral", "ttl": "1h"}}]"""));
        assertThat(t.messages().path(0).path("content").path(0).path("cache_control"))
                .isEqualTo(json("{\"type\": \"ephemeral\"}"));
        assertThat(t.messages().path(2).path("content").path(0).path("type").asText())
                .isEqualTo("tool_result");
        assertThat(t.messages().path(2).path("content").path(0).path("cache_control"))
                .isEqualTo(json("{\"type\": \"ephemeral\", \"ttl\": \"5m\"}"));
    }

    @Test
    void hasNoSystemWhenTheClientSentNone() {
        assertThat(translate("[{\"role\": \"user\", \"content\": \"Hi\"}]").system())
                .isNull();
    }

    @Test
    void mergesConsecutiveTurnsOfOneRoleSoRolesAlternate() {
        OpenAiToAnthropicMessages.Translated t = translate("""
                [{"role": "user", "content": "First."}, {"role": "user", "content": [{"type": "text", "text": "Second."}]},
                 {"role": "assistant", "content": "Noted."}, {"role": "assistant", "content": "Anything else?"},
                 {"role": "user", "content": "No."}]""");

        assertThat(t.messages()).isEqualTo(json("""
                [{"role": "user", "content": [{"type": "text", "text": "First."}, {"type": "text", "text": "Second."}]},
                 {"role": "assistant", "content": [{"type": "text", "text": "Noted."}, {"type": "text", "text": "Anything else?"}]},
                 {"role": "user", "content": [{"type": "text", "text": "No."}]}]"""));
    }

    @Test
    void turnsToolCallsIntoToolUseBlocksAndToolMessagesIntoOneUserTurnOfResults() {
        OpenAiToAnthropicMessages.Translated t = translate("""
                [{"role": "user", "content": "Weather in Boston and Paris?"},
                 {"role": "assistant", "content": null, "tool_calls": [
                   {"id": "toolu_01", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"location\\":\\"Boston, MA\\"}"}},
                   {"id": "toolu_02", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"location\\":\\"Paris\\"}"}}]},
                 {"role": "tool", "tool_call_id": "toolu_01", "content": "15 degrees"},
                 {"role": "tool", "tool_call_id": "toolu_02", "content": [{"type": "text", "text": "18 degrees"}]},
                 {"role": "user", "content": "Which is warmer?"}]""");

        assertThat(t.messages()).isEqualTo(json("""
                [{"role": "user", "content": [{"type": "text", "text": "Weather in Boston and Paris?"}]},
                 {"role": "assistant", "content": [
                   {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"location": "Boston, MA"}},
                   {"type": "tool_use", "id": "toolu_02", "name": "get_weather", "input": {"location": "Paris"}}]},
                 {"role": "user", "content": [
                   {"type": "tool_result", "tool_use_id": "toolu_01", "content": "15 degrees"},
                   {"type": "tool_result", "tool_use_id": "toolu_02", "content": [{"type": "text", "text": "18 degrees"}]},
                   {"type": "text", "text": "Which is warmer?"}]}]"""));
    }

    @Test
    void keepsAssistantTextBeforeItsToolCallsAndReadsEmptyArgumentsAsNoInput() {
        OpenAiToAnthropicMessages.Translated t = translate("""
                [{"role": "user", "content": "Time?"},
                 {"role": "assistant", "content": "Let me look.", "tool_calls": [
                   {"id": "toolu_03", "type": "function", "function": {"name": "get_time", "arguments": ""}}]},
                 {"role": "tool", "tool_call_id": "toolu_03", "content": ""}]""");

        assertThat(t.messages().get(1)).isEqualTo(json("""
                {"role": "assistant", "content": [{"type": "text", "text": "Let me look."},
                  {"type": "tool_use", "id": "toolu_03", "name": "get_time", "input": {}}]}"""));
        assertThat(t.messages().get(2))
                .as("an empty result is sent without content")
                .isEqualTo(json("""
                {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_03"}]}"""));
    }

    @Test
    void neverSendsEmptyTextAndDropsTurnsLeftEmpty() {
        OpenAiToAnthropicMessages.Translated t = translate("""
                [{"role": "user", "content": [{"type": "text", "text": ""}, {"type": "text", "text": "Hi"}]},
                 {"role": "assistant", "content": ""},
                 {"role": "user", "content": "Still there?"}]""");

        assertThat(t.messages()).isEqualTo(json("""
                [{"role": "user", "content": [{"type": "text", "text": "Hi"}, {"type": "text", "text": "Still there?"}]}]"""));
    }

    @Test
    void sendsDataUrlImagesInlineAndOtherUrlsByReference() {
        OpenAiToAnthropicMessages.Translated t = translate("""
                [{"role": "user", "content": [
                  {"type": "text", "text": "What is in these images?"},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,%s", "detail": "low"}},
                  {"type": "image_url", "image_url": {"url": "https://upload.example.org/ant.jpg"}}]}]""".formatted(PNG));

        assertThat(t.messages().get(0).path("content")).isEqualTo(json("""
                [{"type": "text", "text": "What is in these images?"},
                 {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "%s"}},
                 {"type": "image", "source": {"type": "url", "url": "https://upload.example.org/ant.jpg"}}]""".formatted(PNG)));
    }

    @Test
    void passesAConversationThatStartsWithTheAssistantOnForAnthropicToJudge() {
        OpenAiToAnthropicMessages.Translated t = translate("""
                [{"role": "assistant", "content": "Welcome!"}, {"role": "user", "content": "Hi"}]""");

        assertThat(t.messages()).extracting(m -> m.path("role").asText()).containsExactly("assistant", "user");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", \"image_url\": {\"url\": \"data:image/bmp;base64,Qk0=\"}}]} | messages[0].content[0]",
                "{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", \"image_url\": {\"url\": \"data:image/png,raw\"}}]}        | messages[0].content[0]",
                "{\"role\": \"user\", \"content\": [{\"type\": \"input_audio\", \"input_audio\": {\"data\": \"AAA=\", \"format\": \"wav\"}}]} | messages[0].content[0]",
                "{\"role\": \"system\", \"content\": [{\"type\": \"image_url\", \"image_url\": {\"url\": \"https://example.org/a.png\"}}]} | messages[0].content",
                "{\"role\": \"function\", \"name\": \"get_time\", \"content\": \"noon\"}                                               | messages[0].role",
                "{\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"t\", \"type\": \"function\", \"function\": {\"name\": \"f\", \"arguments\": \"{oops\"}}]} | messages[0].tool_calls[0].function.arguments"
            })
    void refusesWhatItCannotTranslateNamingTheParameter(String message, String param) {
        assertThatThrownBy(() -> translate("[" + message + "]")).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo(param);
        });
    }
}
