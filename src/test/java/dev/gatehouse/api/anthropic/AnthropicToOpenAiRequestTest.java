package dev.gatehouse.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import org.junit.jupiter.api.Test;

class AnthropicToOpenAiRequestTest {

    private static CanonicalRequest read(String json) {
        return new AnthropicRequestReader(true).read((ObjectNode) Json.parse(json), null);
    }

    @Test
    void movesTheSystemPromptFirstAndMapsSamplingFields() {
        CanonicalRequest request = read("""
                {"model":"claude-x","max_tokens":64,"system":[{"type":"text","text":"One."},{"type":"text","text":"Two."}],
                 "temperature":0.2,"top_p":0.9,"top_k":5,"stop_sequences":["STOP"],"metadata":{"user_id":"u-1"},
                 "messages":[{"role":"user","content":"Hi"}]}""");

        JsonNode body = request.body();
        assertThat(body.path("messages").get(0).toString())
                .isEqualTo("{\"role\":\"system\",\"content\":\"One.\\n\\nTwo.\"}");
        assertThat(body.path("messages").get(1).toString()).isEqualTo("{\"role\":\"user\",\"content\":\"Hi\"}");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("stop").get(0).asText()).isEqualTo("STOP");
        assertThat(body.path("user").asText()).isEqualTo("u-1");
        assertThat(body.has("top_k")).as("OpenAI has no top_k").isFalse();
        assertThat(request.maxOutputTokens()).isEqualTo(64);
    }

    @Test
    void turnsToolUseAndToolResultsIntoToolCallsAndToolMessages() {
        CanonicalRequest request = read("""
                {"model":"claude-x","max_tokens":64,
                 "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}],
                 "tool_choice":{"type":"tool","name":"get_weather","disable_parallel_tool_use":true},
                 "messages":[
                   {"role":"user","content":"Weather?"},
                   {"role":"assistant","content":[{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"18 C"}]},{"type":"text","text":"Thanks"}]}]}""");

        JsonNode messages = request.body().path("messages");
        JsonNode call = messages.get(1).path("tool_calls").get(0);
        assertThat(messages.get(1).path("content").asText()).isEqualTo("Checking.");
        assertThat(call.path("id").asText()).isEqualTo("toolu_1");
        assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(messages.get(2).toString())
                .isEqualTo("{\"role\":\"tool\",\"tool_call_id\":\"toolu_1\",\"content\":\"18 C\"}");
        assertThat(messages.get(3).path("content").asText()).isEqualTo("Thanks");
        assertThat(request.body()
                        .path("tools")
                        .get(0)
                        .path("function")
                        .path("parameters")
                        .path("properties")
                        .has("city"))
                .isTrue();
        assertThat(request.body()
                        .path("tool_choice")
                        .path("function")
                        .path("name")
                        .asText())
                .isEqualTo("get_weather");
        assertThat(request.body().path("parallel_tool_calls").asBoolean(true)).isFalse();
    }

    @Test
    void turnsImagesIntoImageUrlParts() {
        CanonicalRequest request = read("""
                {"model":"claude-x","max_tokens":64,"messages":[{"role":"user","content":[
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}},
                  {"type":"image","source":{"type":"url","url":"https://example.com/a.jpg"}},
                  {"type":"text","text":"What are these?"}]}]}""");

        JsonNode parts = request.body().path("messages").get(0).path("content");
        assertThat(parts.get(0).path("image_url").path("url").asText()).isEqualTo("data:image/png;base64,iVBOR");
        assertThat(parts.get(1).path("image_url").path("url").asText()).isEqualTo("https://example.com/a.jpg");
        assertThat(parts.get(2).path("text").asText()).isEqualTo("What are these?");
    }

    @Test
    void asksForStreamUsageBecauseAnthropicStreamsAlwaysEndWithIt() {
        CanonicalRequest request = read(
                "{\"model\":\"claude-x\",\"max_tokens\":5,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(request.stream()).isTrue();
        assertThat(request.body().path("stream_options").path("include_usage").asBoolean())
                .isTrue();
    }

    @Test
    void rejectsWhatAnthropicRejects() {
        assertThatThrownBy(() -> read("{\"model\":\"claude-x\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .isInstanceOf(GatewayError.class)
                .hasMessage("max_tokens: Field required");
        assertThatThrownBy(
                        () -> read(
                                "{\"model\":\"claude-x\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":\"Hi\"}]}"))
                .hasMessage("messages.0.role: Input should be 'user' or 'assistant'");
        assertThatThrownBy(() -> read("{\"model\":\"claude-x\",\"max_tokens\":5,\"messages\":[]}"))
                .hasMessageContaining("messages");
        assertThatThrownBy(
                        () -> read(
                                "{\"model\":\"claude-x\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"document\"}]}]}"))
                .hasMessageContaining("document.source: Field required");
        assertThatThrownBy(
                        () -> read(
                                "{\"model\":\"claude-x\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]}"))
                .hasMessageContaining("'video' are not supported");
    }
}
