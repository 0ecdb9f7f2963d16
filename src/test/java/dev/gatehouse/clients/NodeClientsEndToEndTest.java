package dev.gatehouse.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JavaScript clients people use today, unchanged but for the base URL: the Vercel AI SDK 6
 * ({@code openai(model)} is the Responses API, {@code openai.chat(model)} chat completions) and
 * LangChain's {@code ChatOpenAI} (with and without {@code useResponsesApi}), for text, a stream and a
 * tool call, against the built-in mock (OpenAI's wire format) and an Anthropic-format upstream that the
 * gateway translates to.
 */
class NodeClientsEndToEndTest {

    private static final String ANTHROPIC_TEXT = "Hello! How can I help you today?";

    private static final FakeUpstream ANTHROPIC_JSON = new FakeUpstream();
    private static final FakeUpstream ANTHROPIC_STREAM = new FakeUpstream();
    private static final FakeUpstream ANTHROPIC_TOOL = new FakeUpstream();
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        NodeClients.install();
        ANTHROPIC_JSON.always(FakeUpstream.json(200, Fixtures.text("anthropic/message-hello.json")));
        ANTHROPIC_STREAM.always(new FakeUpstream.Frames(
                "text/event-stream",
                FakeUpstream.sseEvents("anthropic/message-hello-stream.sse"),
                Duration.ZERO,
                FakeUpstream.After.END));
        ANTHROPIC_TOOL.always(FakeUpstream.json(200, Fixtures.text("anthropic/message-tool.json")));
        gateway = TestGateway.start(TestGateway.SINGLE_ATTEMPT
                + """
                  health_check_interval: 0s
                providers:
                  mock:
                    type: mock
                    mock:
                      chunk_interval: 0ms
                  claude-json:
                    type: anthropic
                    base_url: %s
                    api_key: sk-ant-api03-upstream-secret-01
                  claude-stream:
                    type: anthropic
                    base_url: %s
                    api_key: sk-ant-api03-upstream-secret-01
                  claude-tool:
                    type: anthropic
                    base_url: %s
                    api_key: sk-ant-api03-upstream-secret-01
                models:
                  - name: gpt-4o-mini
                    provider: mock
                  - name: claude-text
                    provider: claude-json
                    model: claude-sonnet-4-20250514
                  - name: claude-stream
                    provider: claude-stream
                    model: claude-sonnet-4-20250514
                  - name: claude-tool
                    provider: claude-tool
                    model: claude-sonnet-4-20250514
                """.formatted(root(ANTHROPIC_JSON), root(ANTHROPIC_STREAM), root(ANTHROPIC_TOOL)));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        ANTHROPIC_JSON.close();
        ANTHROPIC_STREAM.close();
        ANTHROPIC_TOOL.close();
    }

    private static String root(FakeUpstream upstream) {
        return upstream.baseUrl().substring(0, upstream.baseUrl().length() - "/v1".length());
    }

    private static JsonNode run(String client, String api, String scenario, String model) throws Exception {
        JsonNode result = NodeClients.scenario(
                client,
                api,
                scenario,
                Map.of(
                        "GATEHOUSE_BASE_URL",
                        gateway.baseUrl(),
                        "GATEHOUSE_KEY",
                        TestGateway.MASTER_KEY,
                        "GATEHOUSE_MODEL",
                        model));
        assertThat(result.path("ok").asBoolean())
                .as("%s %s %s on %s: %s", client, api, scenario, model, result)
                .isTrue();
        return result;
    }

    @ParameterizedTest(name = "{0} over {1}: text from the mock")
    @CsvSource({"ai-sdk, responses", "ai-sdk, chat", "langchain, responses", "langchain, chat"})
    void textFromTheMock(String client, String api) throws Exception {
        JsonNode result = run(client, api, "text", "gpt-4o-mini");

        assertThat(result.path("text").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "{0} over {1}: text, stream and tool call from Anthropic")
    @CsvSource({"ai-sdk, responses", "ai-sdk, chat", "langchain, responses", "langchain, chat"})
    void textStreamAndToolCallFromAnthropic(String client, String api) throws Exception {
        assertThat(run(client, api, "text", "claude-text").path("text").asText())
                .isEqualTo(ANTHROPIC_TEXT);

        JsonNode stream = run(client, api, "stream", "claude-stream");
        assertThat(stream.path("text").asText()).isEqualTo(ANTHROPIC_TEXT);
        assertThat(stream.path("deltas").asInt()).isGreaterThan(1);
        assertThat(stream.path("errors").size()).isZero();

        JsonNode tool = run(client, api, "tool", "claude-tool");
        assertThat(tool.path("toolCalls")).hasSize(1);
        assertThat(tool.path("toolCalls").get(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(tool.path("toolCalls").get(0).path("input").path("location").asText())
                .isEqualTo("Boston, MA");
    }

    @ParameterizedTest(name = "{0} over {1}: a stream and a tool call from the mock")
    @CsvSource({"ai-sdk, responses", "ai-sdk, chat", "langchain, responses", "langchain, chat"})
    void streamAndToolCallFromTheMock(String client, String api) throws Exception {
        JsonNode stream = run(client, api, "stream", "gpt-4o-mini");
        assertThat(stream.path("text").asText()).isNotBlank();
        assertThat(stream.path("deltas").asInt()).isGreaterThan(1);

        JsonNode tool = run(client, api, "tool", "gpt-4o-mini");
        assertThat(tool.path("toolCalls").get(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(tool.path("toolCalls").get(0).path("input").path("city").asText())
                .isNotBlank();
    }
}
