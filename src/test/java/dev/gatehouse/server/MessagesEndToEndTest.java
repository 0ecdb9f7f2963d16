package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Anthropic-compatible {@code /v1/messages} surface, with the official anthropic-java SDK as the client. */
class MessagesEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeUpstream upstream;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        upstream = new FakeUpstream();
        gateway = TestGateway.start("""
                providers:
                  mock:
                    type: mock
                    mock:
                      chunk_interval: 0ms
                  openai:
                    type: openai
                    base_url: %s
                models:
                  - name: claude-sonnet-4-5
                    provider: mock
                  - name: gpt-4.1
                    provider: openai
                """.formatted(upstream.baseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    private static AnthropicClient client(String key) {
        return AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port())
                .apiKey(key)
                .maxRetries(0)
                .build();
    }

    private static MessageCreateParams.Builder ask(String model, String prompt) {
        return MessageCreateParams.builder().model(model).maxTokens(200).addUserMessage(prompt);
    }

    @Test
    void answersAMessage() {
        Message message = client(TestGateway.MASTER_KEY)
                .messages()
                .create(ask("claude-sonnet-4-5", "Hello there")
                        .system("Be brief.")
                        .build());

        assertThat(message.id()).startsWith("msg_");
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).text().orElseThrow().text()).isNotBlank();
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isPositive();
    }

    @Test
    void streamsTheSameMessageWithAnthropicsEventSequence() {
        Message unary = client(TestGateway.MASTER_KEY)
                .messages()
                .create(ask("claude-sonnet-4-5", "Tell me a story").build());

        MessageAccumulator accumulator = MessageAccumulator.create();
        List<String> types = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = client(TestGateway.MASTER_KEY)
                .messages()
                .createStreaming(ask("claude-sonnet-4-5", "Tell me a story").build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                types.add(event._json().map(j -> j.toString()).orElse(event.toString()));
            });
        }
        Message streamed = accumulator.message();

        assertThat(streamed.content().get(0).text().orElseThrow().text())
                .isEqualTo(unary.content().get(0).text().orElseThrow().text());
        assertThat(streamed.usage().outputTokens()).isEqualTo(unary.usage().outputTokens());
        assertThat(streamed.usage().inputTokens()).isEqualTo(unary.usage().inputTokens());
        assertThat(streamed.stopReason()).contains(StopReason.END_TURN);
    }

    @Test
    void sendsEventsInAnthropicsOrder() throws Exception {
        HttpResponse<String> response =
                gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/messages"))
                        .header("x-api-key", TestGateway.MASTER_KEY)
                        .header("anthropic-version", "2023-06-01")
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"stream\":true,"
                                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi [mock:words=3]\"}]}"))
                        .build());

        List<String> events = response.body()
                .lines()
                .filter(l -> l.startsWith("event: "))
                .map(l -> l.substring(7))
                .toList();
        assertThat(events)
                .containsExactly(
                        "message_start",
                        "ping",
                        "content_block_start",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_stop",
                        "message_delta",
                        "message_stop");
    }

    @Test
    void callsToolsAndTakesTheirResultsBack() {
        Tool weather = Tool.builder()
                .name("get_weather")
                .description("Weather in a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .addRequired("location")
                        .build())
                .build();

        Message first = client(TestGateway.MASTER_KEY)
                .messages()
                .create(ask("claude-sonnet-4-5", "Weather in Paris?")
                        .addTool(weather)
                        .build());

        assertThat(first.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock call = first.content().stream()
                .map(ContentBlock::toolUse)
                .flatMap(java.util.Optional::stream)
                .findFirst()
                .orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call._input().toString()).contains("location");

        Message second = client(TestGateway.MASTER_KEY)
                .messages()
                .create(ask("claude-sonnet-4-5", "Weather in Paris?")
                        .addTool(weather)
                        .addMessage(first)
                        .addUserMessageOfContentBlockParams(
                                List.of(com.anthropic.models.messages.ContentBlockParam.ofToolResult(
                                        com.anthropic.models.messages.ToolResultBlockParam.builder()
                                                .toolUseId(call.id())
                                                .content("18 C and sunny")
                                                .build())))
                        .build());

        assertThat(second.stopReason()).contains(StopReason.END_TURN);
        assertThat(second.content().get(0).text()).isPresent();
    }

    @Test
    void translatesTheRequestForAnOpenAiUpstreamAndReportsCachedTokensAnthropicStyle() throws Exception {
        upstream.then(FakeUpstream.json(
                200,
                Fixtures.text("openai/chat-completion.json").replace("\"cached_tokens\": 0", "\"cached_tokens\": 4")));

        Message message = client(TestGateway.MASTER_KEY)
                .messages()
                .create(ask("gpt-4.1", "Hello")
                        .system("Be brief.")
                        .putAdditionalBodyProperty("temperature", JsonValue.from(0.3))
                        .stopSequences(List.of("END"))
                        .build());

        JsonNode sent = upstream.lastReceived().body();
        assertThat(sent.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(sent.path("messages").get(0).path("content").asText()).isEqualTo("Be brief.");
        assertThat(sent.path("messages").get(1).path("content").asText()).isEqualTo("Hello");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(200);
        assertThat(sent.path("stop").get(0).asText()).isEqualTo("END");
        assertThat(message.content().get(0).text().orElseThrow().text())
                .isEqualTo("Hello! How can I assist you today?");
        assertThat(message.usage().inputTokens()).isEqualTo(15);
        assertThat(message.usage().cacheReadInputTokens()).contains(4L);
        assertThat(message.usage().outputTokens()).isEqualTo(10);
    }

    @Test
    void streamsFromAnOpenAiUpstreamWithRealUsageAtTheEnd() {
        upstream.then(new FakeUpstream.Frames(
                "text/event-stream",
                FakeUpstream.sseEvents("openai/chat-hello-stream.sse"),
                Duration.ZERO,
                FakeUpstream.After.END));

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client(TestGateway.MASTER_KEY)
                .messages()
                .createStreaming(ask("gpt-4.1", "Hello").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        Message message = accumulator.message();
        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hello! How can I help you today?");
        assertThat(message.usage().inputTokens()).isEqualTo(12);
        assertThat(message.usage().outputTokens()).isEqualTo(9);
        assertThat(upstream.lastReceived()
                        .body()
                        .path("stream_options")
                        .path("include_usage")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void reportsErrorsInAnthropicsShape() throws Exception {
        assertThatThrownBy(() -> client("sk-wrong-key-000000000000")
                        .messages()
                        .create(ask("claude-sonnet-4-5", "Hi").build()))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> client(TestGateway.MASTER_KEY)
                        .messages()
                        .create(ask("claude-nonexistent", "Hi").build()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client(TestGateway.MASTER_KEY)
                        .messages()
                        .create(ask("claude-sonnet-4-5", "Hi [mock:status=429]").build()))
                .isInstanceOf(RateLimitException.class);

        HttpResponse<String> missingMaxTokens = gateway.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/v1/messages"))
                .header("x-api-key", TestGateway.MASTER_KEY)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                .build());
        assertThat(missingMaxTokens.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(missingMaxTokens.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").asText()).isEqualTo("max_tokens: Field required");
    }

    @Test
    void refusesANulInStoredTextInAnthropicsShape() throws Exception {
        HttpResponse<String> refused =
                gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/messages"))
                        .header("x-api-key", TestGateway.MASTER_KEY)
                        .header("content-type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,"
                                                + "\"metadata\":{\"user_id\":\"u\\u00001\"},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                        .build());
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").asText()).startsWith("metadata.user_id: ");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "7                                  | system: Input should be a valid string or a list of text blocks",
                "true                               | system: Input should be a valid string or a list of text blocks",
                "{\"type\":\"text\",\"text\":\"x\"} | system: Input should be a valid string or a list of text blocks",
                "[7]                                | system.0: Input should be a valid dictionary",
                "[{\"type\":\"image\"}]             | system.0.type: Input should be 'text'",
                "[{\"type\":\"text\"}]              | system.0.text: Field required",
                "[{\"type\":\"text\",\"text\":5}]     | system.0.text: Input should be a valid string"
            })
    void refusesASystemPromptThatIsNotTextInAnthropicsShape(String system, String message) throws Exception {
        HttpResponse<String> refused =
                gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/messages"))
                        .header("x-api-key", TestGateway.MASTER_KEY)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,"
                                + "\"system\":" + system + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                        .build());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").asText()).isEqualTo(message);
    }

    @Test
    void rejectsBadRolesThroughTheSdk() {
        assertThatThrownBy(() -> client(TestGateway.MASTER_KEY)
                        .messages()
                        .create(MessageCreateParams.builder()
                                .model("claude-sonnet-4-5")
                                .maxTokens(10)
                                .addUserMessage("Hi")
                                .putAdditionalBodyProperty("temperature", JsonValue.from(1.5))
                                .build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("temperature");
    }

    @Test
    void countsTokens() {
        long short_ = client(TestGateway.MASTER_KEY)
                .messages()
                .countTokens(MessageCountTokensParams.builder()
                        .model("claude-sonnet-4-5")
                        .addUserMessage("Hello")
                        .build())
                .inputTokens();
        long long_ = client(TestGateway.MASTER_KEY)
                .messages()
                .countTokens(MessageCountTokensParams.builder()
                        .model("claude-sonnet-4-5")
                        .addUserMessage("Hello, please write me a detailed essay about the history of gateways.")
                        .build())
                .inputTokens();

        assertThat(short_).isPositive();
        assertThat(long_).isGreaterThan(short_ + 8);
    }
}
