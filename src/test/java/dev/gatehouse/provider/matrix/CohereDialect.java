package dev.gatehouse.provider.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.FakeUpstream.After;
import dev.gatehouse.testing.Fixtures;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Cohere's v2 chat API: {@code POST /v2/chat} with a bearer key, answered from the fixtures under
 * {@code fixtures/cohere} (see their README for the doc pages). Cohere has no content-filter
 * finish reason; its content block is the 498 status ("a request or response contains a
 * deny-listed token"), which is what ERROR_CONTENT_FILTER scripts.
 */
class CohereDialect implements Dialect {

    private static final String KEY = "co-upstream-key-0000000000001";
    private static final String MODEL = "command-a-03-2025";

    @Override
    public String name() {
        return "cohere";
    }

    @Override
    public String providerYaml(String fakeRoot) {
        return "type: cohere\nbase_url: " + fakeRoot + "\napi_key: " + KEY;
    }

    @Override
    public String upstreamModel() {
        return MODEL;
    }

    /** Cohere bills 5 of the 12 input tokens its model processed (usage.billed_units). */
    @Override
    public int promptTokens() {
        return 5;
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
                    case ERROR_AUTH -> json(401, "error-auth.json");
                    case ERROR_INVALID_REQUEST -> json(400, "error-invalid.json");
                    case ERROR_CONTENT_FILTER -> json(498, "error-deny-listed.json");
                    case ERROR_SERVER -> json(500, "error-server.json");
                    case ERROR_OVERLOADED -> json(503, "error-unavailable.json");
                    case ERROR_IN_STREAM -> sse("stream-error.sse");
                    case BAD_RESPONSE_NOT_JSON ->
                        new FakeUpstream.Respond(200, "application/json", "<html>oops", Map.of(), Duration.ZERO);
                    case BAD_RESPONSE_WRONG_FORMAT -> FakeUpstream.json(200, "{\"result\":\"not a chat response\"}");
                });
    }

    private static FakeUpstream.Behavior json(int status, String fixture) {
        return FakeUpstream.json(status, Fixtures.text("cohere/" + fixture));
    }

    private static FakeUpstream.Behavior sse(String fixture) {
        return new FakeUpstream.Frames(
                "text/event-stream", FakeUpstream.sseEvents("cohere/" + fixture), Duration.ZERO, After.END);
    }

    @Override
    public void verifyRequest(Scenario scenario, FakeUpstream.Received received) {
        assertThat(received.uri()).isEqualTo("/v2/chat");
        assertThat(received.headers().get("authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = received.body();
        assertThat(body.path("model").asText()).isEqualTo(MODEL);
        assertThat(body.path("stream").isBoolean())
                .as("stream is a required field")
                .isTrue();
        assertThat(body.path("stream").asBoolean()).isEqualTo(scenario.streams());
        assertThat(body.has("stream_options")).isFalse();
        switch (scenario) {
            case SIMPLE_CHAT, STREAMING, ERROR_IN_STREAM -> {
                assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
                assertThat(body.path("messages").get(0).path("content").asText())
                        .isEqualTo(Scenario.SYSTEM);
                assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
                assertThat(body.path("messages").get(1).path("content").asText())
                        .isEqualTo(Scenario.USER);
                assertThat(body.path("temperature").asDouble()).isEqualTo(Scenario.TEMPERATURE);
                assertThat(body.path("max_tokens").asInt()).isEqualTo(Scenario.MAX_TOKENS);
                assertThat(body.path("stop_sequences")).hasSize(1);
                assertThat(body.path("stop_sequences").get(0).asText()).isEqualTo(Scenario.STOP);
            }
            case TOOLS, STREAMED_TOOLS -> {
                JsonNode tool = body.path("tools").get(0);
                assertThat(tool.path("type").asText()).isEqualTo("function");
                assertThat(tool.path("function").path("name").asText()).isEqualTo(Scenario.TOOL_NAME);
                assertThat(tool.path("function").path("description").asText()).isEqualTo(Scenario.TOOL_DESCRIPTION);
                assertThat(tool.path("function")
                                .path("parameters")
                                .path("properties")
                                .path("location")
                                .path("type")
                                .asText())
                        .isEqualTo("string");
                assertThat(body.has("tool_choice"))
                        .as("OpenAI's default 'auto' is Cohere's absent tool_choice")
                        .isFalse();
                assertThat(body.path("messages").get(0).path("content").asText())
                        .isEqualTo(Scenario.TOOL_USER);
            }
            case IMAGE_INPUT -> {
                JsonNode content = body.path("messages").get(0).path("content");
                assertThat(content.get(0).path("type").asText()).isEqualTo("text");
                assertThat(content.get(0).path("text").asText()).isEqualTo(Scenario.IMAGE_PROMPT);
                assertThat(content.get(1).path("type").asText()).isEqualTo("image_url");
                assertThat(content.get(1).path("image_url").path("url").asText())
                        .isEqualTo("data:" + Scenario.IMAGE_MEDIA_TYPE + ";base64," + Scenario.IMAGE_BASE64);
            }
            case MAX_TOKENS_STOP -> assertThat(body.path("max_tokens").asInt()).isEqualTo(Scenario.SMALL_MAX_TOKENS);
            default -> {
                assertThat(body.path("messages").get(0).path("content").asText())
                        .isEqualTo(Scenario.SYSTEM);
                assertThat(body.path("max_tokens").asInt()).isEqualTo(Scenario.MAX_TOKENS);
            }
        }
    }
}
