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
 * Google's Gemini API: generateContent / streamGenerateContent?alt=sse under {@code /v1beta/models},
 * keyed by {@code x-goog-api-key}. Fixtures are in {@code fixtures/gemini} (see its README).
 */
class GeminiDialect implements Dialect {

    private static final String KEY = "AIzaSyGeminiUpstreamKey000000000001";
    private static final String MODEL = "gemini-2.0-flash";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "gemini";
    }

    @Override
    public String providerYaml(String fakeRoot) {
        return "type: gemini\nbase_url: " + fakeRoot + "\napi_key: " + KEY;
    }

    @Override
    public String upstreamModel() {
        return MODEL;
    }

    @Override
    public Optional<String> unsupported(Scenario scenario) {
        return Optional.empty();
    }

    @Override
    public void script(Scenario scenario, FakeUpstream fake) {
        fake.then(
                switch (scenario) {
                    case SIMPLE_CHAT -> json(200, "chat-hello.json");
                    case STREAMING -> sse("chat-hello-stream.sse");
                    case TOOLS -> json(200, "chat-tool.json");
                    case STREAMED_TOOLS -> sse("chat-stream-tools.sse");
                    case IMAGE_INPUT -> json(200, "chat-image.json");
                    case MAX_TOKENS_STOP -> json(200, "chat-length.json");
                    case ERROR_RATE_LIMITED -> json(429, "error-rate-limit.json");
                    case ERROR_CONTEXT_LENGTH -> json(400, "error-context-length.json");
                    case ERROR_AUTH -> json(400, "error-auth.json");
                    case ERROR_INVALID_REQUEST -> json(400, "error-invalid.json");
                    // Gemini blocks a prompt with HTTP 200 and promptFeedback.blockReason; no error status exists for
                    // it.
                    case ERROR_CONTENT_FILTER -> json(200, "chat-prompt-blocked.json");
                    case ERROR_SERVER -> json(500, "error-server.json");
                    case ERROR_OVERLOADED -> json(503, "error-overloaded.json");
                    case ERROR_IN_STREAM -> sse("stream-error.sse");
                    case BAD_RESPONSE_NOT_JSON ->
                        new FakeUpstream.Respond(200, "application/json", "<html>oops", Map.of(), Duration.ZERO);
                    case BAD_RESPONSE_WRONG_FORMAT -> FakeUpstream.json(200, "{\"result\":\"not a chat completion\"}");
                });
    }

    private static FakeUpstream.Behavior json(int status, String fixture) {
        return FakeUpstream.json(status, Fixtures.text("gemini/" + fixture));
    }

    private static FakeUpstream.Behavior sse(String fixture) {
        return new FakeUpstream.Frames(
                "text/event-stream", FakeUpstream.sseEvents("gemini/" + fixture), Duration.ZERO, After.END);
    }

    @Override
    public void verifyRequest(Scenario scenario, FakeUpstream.Received received) {
        String method = scenario.streams() ? "streamGenerateContent" : "generateContent";
        assertThat(received.path()).isEqualTo("/v1beta/models/" + MODEL + ":" + method);
        assertThat(received.uri()).isEqualTo(received.path() + (scenario.streams() ? "?alt=sse" : ""));
        assertThat(received.headers().get("x-goog-api-key")).isEqualTo(KEY);
        assertThat(received.headers()).doesNotContainKey("authorization");
        JsonNode body = received.body();
        assertThat(body.has("model"))
                .as("the model is in the path, not the body")
                .isFalse();
        assertThat(body.has("messages")).isFalse();
        switch (scenario) {
            case SIMPLE_CHAT, STREAMING, ERROR_IN_STREAM -> verifyChat(body, true);
            case TOOLS, STREAMED_TOOLS -> verifyTools(body);
            case IMAGE_INPUT -> verifyImage(body);
            case MAX_TOKENS_STOP -> {
                assertThat(body.path("systemInstruction").isMissingNode()).isTrue();
                assertThat(body.path("generationConfig").path("maxOutputTokens").asInt())
                        .isEqualTo(Scenario.SMALL_MAX_TOKENS);
            }
            default -> verifyChat(body, false);
        }
    }

    /** The chat of SIMPLE_CHAT and STREAMING; the error scenarios send it without sampling options. */
    private static void verifyChat(JsonNode body, boolean sampling) {
        assertThat(body.path("systemInstruction"))
                .isEqualTo(json("{\"parts\":[{\"text\":\"" + Scenario.SYSTEM + "\"}]}"));
        assertThat(body.path("contents"))
                .isEqualTo(json("[{\"role\":\"user\",\"parts\":[{\"text\":\"" + Scenario.USER + "\"}]}]"));
        JsonNode config = body.path("generationConfig");
        assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(Scenario.MAX_TOKENS);
        if (sampling) {
            assertThat(config.path("temperature").asDouble()).isEqualTo(Scenario.TEMPERATURE);
            assertThat(config.path("stopSequences")).isEqualTo(json("[\"" + Scenario.STOP + "\"]"));
        } else {
            assertThat(config.has("temperature")).isFalse();
        }
    }

    private static void verifyTools(JsonNode body) {
        assertThat(body.path("contents")
                        .get(0)
                        .path("parts")
                        .get(0)
                        .path("text")
                        .asText())
                .isEqualTo(Scenario.TOOL_USER);
        JsonNode declaration =
                body.path("tools").get(0).path("functionDeclarations").get(0);
        assertThat(declaration.path("name").asText()).isEqualTo(Scenario.TOOL_NAME);
        assertThat(declaration.path("description").asText()).isEqualTo(Scenario.TOOL_DESCRIPTION);
        assertThat(declaration.path("parametersJsonSchema"))
                .isEqualTo(
                        json(
                                "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}"));
        assertThat(body.has("toolConfig")).as("no tool_choice was sent").isFalse();
    }

    private static void verifyImage(JsonNode body) {
        JsonNode parts = body.path("contents").get(0).path("parts");
        assertThat(body.path("contents").get(0).path("role").asText()).isEqualTo("user");
        assertThat(parts.get(0).path("text").asText()).isEqualTo(Scenario.IMAGE_PROMPT);
        assertThat(parts.get(1).path("inlineData").path("mimeType").asText()).isEqualTo(Scenario.IMAGE_MEDIA_TYPE);
        assertThat(parts.get(1).path("inlineData").path("data").asText()).isEqualTo(Scenario.IMAGE_BASE64);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
