package dev.gatehouse.provider.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.FakeUpstream.After;
import dev.gatehouse.testing.Fixtures;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** OpenAI's own API: the canonical format, so requests pass through nearly untouched. */
class OpenAiDialect implements Dialect {

    static final String KEY = "sk-openai-upstream-0000000001";

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public String providerYaml(String fakeRoot) {
        return "type: openai\nbase_url: " + fakeRoot + "/v1\napi_key: " + KEY;
    }

    @Override
    public String upstreamModel() {
        return "gpt-4.1";
    }

    @Override
    public Optional<String> unsupported(Scenario scenario) {
        return Optional.empty();
    }

    @Override
    public void script(Scenario scenario, FakeUpstream fake) {
        fake.then(response(scenario));
    }

    static FakeUpstream.Behavior response(Scenario scenario) {
        return switch (scenario) {
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
            case ERROR_CONTENT_FILTER -> json(200, "chat-content-filter.json");
            case ERROR_SERVER -> json(500, "error-server.json");
            case ERROR_OVERLOADED -> json(503, "error-overloaded.json");
            case ERROR_IN_STREAM -> sse("stream-error.sse");
            case BAD_RESPONSE_NOT_JSON ->
                new FakeUpstream.Respond(200, "application/json", "<html>oops", Map.of(), Duration.ZERO);
            case BAD_RESPONSE_WRONG_FORMAT -> FakeUpstream.json(200, "{\"result\":\"not a chat completion\"}");
        };
    }

    private static FakeUpstream.Behavior json(int status, String fixture) {
        return FakeUpstream.json(status, Fixtures.text("openai/" + fixture));
    }

    private static FakeUpstream.Behavior sse(String fixture) {
        return new FakeUpstream.Frames(
                "text/event-stream", FakeUpstream.sseEvents("openai/" + fixture), Duration.ZERO, After.END);
    }

    @Override
    public void verifyRequest(Scenario scenario, FakeUpstream.Received received) {
        assertThat(received.path()).isEqualTo("/v1/chat/completions");
        assertThat(received.headers().get("authorization")).isEqualTo("Bearer " + KEY);
        verifyBody(scenario, received.body(), upstreamModel());
    }

    /** What an OpenAI-format upstream must receive: the client's request, with only the model renamed. */
    static void verifyBody(Scenario scenario, JsonNode body, String model) {
        assertThat(body.path("model").asText()).isEqualTo(model);
        if (scenario == Scenario.SIMPLE_CHAT) {
            assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo(Scenario.SYSTEM);
            assertThat(body.path("temperature").asDouble()).isEqualTo(Scenario.TEMPERATURE);
            assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(Scenario.MAX_TOKENS);
        }
        if (scenario.streams()) {
            assertThat(body.path("stream").asBoolean()).isTrue();
            assertThat(body.path("stream_options").path("include_usage").asBoolean())
                    .isTrue();
        }
        if (scenario == Scenario.IMAGE_INPUT) {
            assertThat(body.path("messages")
                            .get(0)
                            .path("content")
                            .get(1)
                            .path("image_url")
                            .path("url")
                            .asText())
                    .endsWith(Scenario.IMAGE_BASE64);
        }
        if (scenario == Scenario.TOOLS) {
            assertThat(body.path("tools").get(0).path("function").path("name").asText())
                    .isEqualTo(Scenario.TOOL_NAME);
        }
    }
}
