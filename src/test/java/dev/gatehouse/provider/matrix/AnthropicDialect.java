package dev.gatehouse.provider.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.FakeUpstream.After;
import dev.gatehouse.testing.Fixtures;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Anthropic's Messages API: {@code POST /v1/messages} with {@code x-api-key} and
 * {@code anthropic-version}, a top-level system prompt, a required {@code max_tokens}, content
 * blocks, and named SSE events. Fixtures in {@code fixtures/anthropic} (see its README).
 */
class AnthropicDialect implements Dialect {

    private static final String KEY = "sk-ant-api03-matrix-0000000001";
    private static final String VERSION = "2023-06-01";
    /** The provider's configured limit, sent when the client sets none (Anthropic requires one). */
    static final int DEFAULT_MAX_TOKENS = 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public String providerYaml(String fakeRoot) {
        return "type: anthropic\nbase_url: " + fakeRoot + "\napi_key: " + KEY + "\napi_version: " + VERSION
                + "\ndefault_max_tokens: " + DEFAULT_MAX_TOKENS;
    }

    @Override
    public String upstreamModel() {
        return "claude-sonnet-4-20250514";
    }

    @Override
    public Optional<String> unsupported(Scenario scenario) {
        return Optional.empty();
    }

    @Override
    public void script(Scenario scenario, FakeUpstream fake) {
        fake.then(
                switch (scenario) {
                    case SIMPLE_CHAT -> json(200, "message-hello.json");
                    case STREAMING -> sse("message-hello-stream.sse");
                    case TOOLS -> json(200, "message-tool.json");
                    case STREAMED_TOOLS -> sse("message-tool-stream.sse");
                    case IMAGE_INPUT -> json(200, "message-image.json");
                    case MAX_TOKENS_STOP -> json(200, "message-max-tokens.json");
                    case ERROR_RATE_LIMITED -> json(429, "error-rate-limit.json");
                    case ERROR_CONTEXT_LENGTH -> json(400, "error-context-length.json");
                    case ERROR_AUTH -> json(401, "error-auth.json");
                    case ERROR_INVALID_REQUEST -> json(400, "error-invalid.json");
                    // Anthropic has no content-filter error: its streaming classifiers end a 200 with stop_reason
                    // refusal.
                    case ERROR_CONTENT_FILTER -> json(200, "message-refusal.json");
                    case ERROR_SERVER -> json(500, "error-server.json");
                    case ERROR_OVERLOADED -> json(529, "error-overloaded.json");
                    case ERROR_IN_STREAM -> sse("stream-error.sse");
                    case BAD_RESPONSE_NOT_JSON ->
                        new FakeUpstream.Respond(200, "application/json", "<html>oops", Map.of(), Duration.ZERO);
                    // A base URL that points at an OpenAI server answers valid JSON in the wrong format.
                    case BAD_RESPONSE_WRONG_FORMAT -> FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json"));
                });
    }

    private static FakeUpstream.Behavior json(int status, String fixture) {
        return FakeUpstream.json(status, Fixtures.text("anthropic/" + fixture));
    }

    private static FakeUpstream.Behavior sse(String fixture) {
        return new FakeUpstream.Frames(
                "text/event-stream", FakeUpstream.sseEvents("anthropic/" + fixture), Duration.ZERO, After.END);
    }

    @Override
    public void verifyRequest(Scenario scenario, FakeUpstream.Received received) {
        assertThat(received.uri()).isEqualTo("/v1/messages");
        assertThat(received.headers().get("x-api-key")).isEqualTo(KEY);
        assertThat(received.headers().get("anthropic-version")).isEqualTo(VERSION);
        assertThat(received.headers().get("content-type")).startsWith("application/json");
        assertThat(received.headers()).doesNotContainKey("authorization");
        JsonNode body = received.body();
        assertThat(body.path("model").asText()).isEqualTo(upstreamModel());
        assertThat(body.path("stream").asBoolean(false)).isEqualTo(scenario.streams());
        for (JsonNode message : body.path("messages")) {
            assertThat(message.path("role").asText()).isIn("user", "assistant");
        }
        switch (scenario) {
            case TOOLS, STREAMED_TOOLS -> verifyTools(body);
            case IMAGE_INPUT -> verifyImage(body);
            case MAX_TOKENS_STOP -> {
                assertThat(body.path("max_tokens").asInt()).isEqualTo(Scenario.SMALL_MAX_TOKENS);
                assertThat(body.has("system")).isFalse();
            }
            default -> verifySimpleChat(scenario, body);
        }
    }

    /** The system prompt and user turn every other scenario sends, with its limit and sampling. */
    private static void verifySimpleChat(Scenario scenario, JsonNode body) {
        assertThat(body.path("system").asText())
                .as("system prompt at the top level")
                .isEqualTo(Scenario.SYSTEM);
        assertThat(body.path("messages")).isEqualTo(parse("""
                [{"role": "user", "content": [{"type": "text", "text": "%s"}]}]""".formatted(Scenario.USER)));
        assertThat(body.path("max_tokens").asInt()).isEqualTo(Scenario.MAX_TOKENS);
        boolean sdkBuilt = scenario == Scenario.SIMPLE_CHAT
                || scenario == Scenario.STREAMING
                || scenario == Scenario.ERROR_IN_STREAM;
        if (sdkBuilt) {
            assertThat(body.path("temperature").asDouble()).isEqualTo(Scenario.TEMPERATURE);
            assertThat(body.path("stop_sequences")).isEqualTo(parse("[\"" + Scenario.STOP + "\"]"));
        }
        assertThat(body.has("stream_options")).isFalse();
    }

    private static void verifyTools(JsonNode body) {
        assertThat(body.path("tools")).isEqualTo(parse("""
                [{"name": "%s", "description": "%s",
                  "input_schema": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}}]""".formatted(Scenario.TOOL_NAME, Scenario.TOOL_DESCRIPTION)));
        assertThat(body.path("messages")
                        .path(0)
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText())
                .isEqualTo(Scenario.TOOL_USER);
        assertThat(body.path("max_tokens").asInt())
                .as("the provider's default limit")
                .isEqualTo(DEFAULT_MAX_TOKENS);
    }

    private static void verifyImage(JsonNode body) {
        assertThat(body.path("messages")).isEqualTo(parse("""
                [{"role": "user", "content": [
                  {"type": "text", "text": "%s"},
                  {"type": "image", "source": {"type": "base64", "media_type": "%s", "data": "%s"}}]}]""".formatted(
                        Scenario.IMAGE_PROMPT, Scenario.IMAGE_MEDIA_TYPE, Scenario.IMAGE_BASE64)));
        assertThat(body.path("max_tokens").asInt()).isEqualTo(DEFAULT_MAX_TOKENS);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
