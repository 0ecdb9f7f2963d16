package dev.gatehouse.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.ConflictException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key through the real server, on the OpenAI and the Anthropic surface: repeats are
 * answered once, uncharged, in the surface's own shape; a changed body is a 409.
 */
class IdempotencyEndToEndTest {

    private static final String BODY =
            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGE = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"system\":\"Be brief.\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAMED_MESSAGE = MESSAGE.replace("{\"model\"", "{\"stream\":true,\"model\"");

    private FakeUpstream upstream;
    private TestGateway gateway;
    private String key;

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeUpstream();
        gateway = TestGateway.start(TestGateway.SINGLE_ATTEMPT + state() + """
                providers:
                  fake:
                    type: openai
                    base_url: %1$s
                    api_key: sk-upstream-secret-0000000001
                  claude:
                    type: anthropic
                    base_url: %1$s
                    api_key: sk-ant-upstream-secret-0000000001
                models:
                  - name: gpt-4o-mini
                    provider: fake
                  - name: claude-sonnet-4-5
                    provider: claude
                """.formatted(upstream.baseUrl()));
        key = new AdminClient(gateway.port(), TestGateway.MASTER_KEY)
                .createKey("{\"rpm_limit\":10}")
                .get("key")
                .asText();
    }

    /** The {@code state:} section: memory here, Redis in {@link RedisIdempotencyEndToEndTest}. */
    protected String state() {
        return "";
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    private CompletableFuture<HttpResponse<String>> send(String idempotencyKey, String body) {
        return gateway.http()
                .sendAsync(
                        HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                                .header("authorization", "Bearer " + key)
                                .header("content-type", "application/json")
                                .header("idempotency-key", idempotencyKey)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> sendMessage(String idempotencyKey, String body) {
        return gateway.http()
                .sendAsync(
                        HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/messages"))
                                .header("x-api-key", key)
                                .header("anthropic-version", "2023-06-01")
                                .header("content-type", "application/json")
                                .header("idempotency-key", idempotencyKey)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRepeatGetsTheStoredAnswerWithoutASecondProviderCallOrCharge() throws Exception {
        upstream.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        HttpResponse<String> first = send("retry-1", BODY).join();
        HttpResponse<String> again = send("retry-1", BODY).join();

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("idempotent-replayed")).contains("true");
        assertThat(upstream.received()).hasSize(1);

        HttpResponse<String> other = send("retry-2", BODY).join();
        assertThat(other.headers().firstValue("x-ratelimit-remaining-requests")).contains("8");
    }

    @Test
    void aRepeatedStreamIsReplayedAsTheSameStreamWithoutASecondProviderCall() throws Exception {
        upstream.always(new FakeUpstream.Frames(
                "text/event-stream",
                FakeUpstream.sseEvents("openai/chat-hello-stream.sse"),
                Duration.ofMillis(5),
                FakeUpstream.After.END));
        String streamed =
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        HttpResponse<String> first = send("stream-1", streamed).join();
        HttpResponse<String> again = send("stream-1", streamed).join();

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("content-type")).get().asString().startsWith("text/event-stream");
        assertThat(again.headers().firstValue("idempotent-replayed")).contains("true");
        assertThat(again.body())
                .isEqualTo(first.body())
                .contains("help you today")
                .endsWith("data: [DONE]\n\n");
        assertThat(upstream.received()).hasSize(1);
        assertThat(send("stream-1", BODY).join().statusCode())
                .as("the same key for the JSON form of it")
                .isEqualTo(409);
    }

    @Test
    void aStreamThatBreaksIsNotKeptSoARepeatRunsAgain() throws Exception {
        upstream.then(new FakeUpstream.Frames(
                "text/event-stream",
                FakeUpstream.sseEvents("openai/chat-hello-stream.sse").subList(0, 2),
                Duration.ZERO,
                FakeUpstream.After.RESET));
        upstream.always(new FakeUpstream.Frames(
                "text/event-stream",
                FakeUpstream.sseEvents("openai/chat-hello-stream.sse"),
                Duration.ZERO,
                FakeUpstream.After.END));
        String streamed =
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        HttpResponse<String> broken = send("stream-2", streamed).join();
        HttpResponse<String> retried = send("stream-2", streamed).join();

        assertThat(broken.body()).contains("\"error\"");
        assertThat(retried.body()).endsWith("data: [DONE]\n\n");
        assertThat(retried.headers().firstValue("idempotent-replayed")).isEmpty();
        assertThat(upstream.received()).hasSize(2);
    }

    @Test
    void aDuplicateWhileTheFirstRunsWaitsForIt() throws Exception {
        upstream.always(new FakeUpstream.Respond(
                200, "application/json", Fixtures.text("openai/chat-hello.json"), Map.of(), Duration.ofMillis(400)));
        CompletableFuture<HttpResponse<String>> first = send("slow-1", BODY);
        await("the first request holds the key")
                .atMost(Duration.ofSeconds(10))
                .until(() -> !upstream.received().isEmpty());
        CompletableFuture<HttpResponse<String>> duplicate = send("slow-1", BODY);

        assertThat(duplicate.join().body()).isEqualTo(first.join().body());
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsA409() throws Exception {
        upstream.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        send("k-1", BODY).join();
        HttpResponse<String> changed = send("k-1", BODY.replace("hi", "hello")).join();
        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(changed.body()).contains("idempotency_key_reused");
    }

    @Test
    void aFailedRequestIsNotStoredSoARetryRunsForReal() throws Exception {
        upstream.then(FakeUpstream.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"))
                .then(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        assertThat(send("f-1", BODY).join().statusCode()).isEqualTo(500);
        assertThat(send("f-1", BODY).join().statusCode()).isEqualTo(200);
        assertThat(upstream.received()).hasSize(2);
    }

    @Test
    void aRepeatedMessageGetsTheStoredAnthropicAnswerWithoutASecondProviderCallOrCharge() throws Exception {
        upstream.always(FakeUpstream.json(200, Fixtures.text("anthropic/message-cached.json")));
        HttpResponse<String> first = sendMessage("msg-1", MESSAGE).join();
        HttpResponse<String> again = sendMessage("msg-1", MESSAGE).join();

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        // An Anthropic deployment's answer reaches a /v1/messages client as Anthropic sent it.
        assertThat(first.body()).isEqualTo(Fixtures.text("anthropic/message-cached.json"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).as("the usage too, cache writes included").isEqualTo(first.body());
        assertThat(again.headers().firstValue("idempotent-replayed")).contains("true");
        assertThat(upstream.received()).hasSize(1);

        HttpResponse<String> other = sendMessage("msg-2", MESSAGE).join();
        assertThat(other.headers().firstValue("x-ratelimit-remaining-requests")).contains("8");
    }

    @Test
    void aRepeatedMessageStreamIsReplayedAsTheSameAnthropicEvents() throws Exception {
        upstream.always(new FakeUpstream.Frames(
                "text/event-stream",
                FakeUpstream.sseEvents("anthropic/message-hello-stream.sse"),
                Duration.ofMillis(5),
                FakeUpstream.After.END));

        HttpResponse<String> first =
                sendMessage("msg-stream-1", STREAMED_MESSAGE).join();
        HttpResponse<String> again =
                sendMessage("msg-stream-1", STREAMED_MESSAGE).join();

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        // An Anthropic deployment's events reach a /v1/messages client as Anthropic sent them.
        assertThat(first.body()).isEqualTo(Fixtures.text("anthropic/message-hello-stream.sse"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("content-type")).get().asString().startsWith("text/event-stream");
        assertThat(again.headers().firstValue("idempotent-replayed")).contains("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(upstream.received()).hasSize(1);

        HttpResponse<String> other = sendMessage("msg-stream-2", MESSAGE).join();
        assertThat(other.headers().firstValue("x-ratelimit-remaining-requests")).contains("8");
    }

    @Test
    void aReplayedMessageStreamEndsWithTheUsageTheFirstOneReported() throws Exception {
        // An OpenAI-compatible upstream that sends no usage chunk: the gateway's estimate is what the
        // first answer's message_delta reported, and what the replay must report again.
        List<Buffer> withoutUsage = FakeUpstream.sseEvents("openai/chat-hello-stream.sse").stream()
                .filter(event -> !event.toString().contains("\"prompt_tokens\""))
                .toList();
        upstream.always(
                new FakeUpstream.Frames("text/event-stream", withoutUsage, Duration.ZERO, FakeUpstream.After.END));
        String streamed = STREAMED_MESSAGE.replace("claude-sonnet-4-5", "gpt-4o-mini");

        HttpResponse<String> first = sendMessage("msg-stream-3", streamed).join();
        HttpResponse<String> again = sendMessage("msg-stream-3", streamed).join();

        assertThat(first.body()).contains("help you today").containsPattern("message_delta\n.*\"output_tokens\":[1-9]");
        assertThat(again.headers().firstValue("idempotent-replayed")).contains("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherMessageIsAnAnthropic409() throws Exception {
        upstream.always(FakeUpstream.json(200, Fixtures.text("anthropic/message-hello.json")));
        assertThat(sendMessage("msg-k-1", MESSAGE).join().statusCode()).isEqualTo(200);
        HttpResponse<String> changed =
                sendMessage("msg-k-1", MESSAGE.replace("hi", "hello")).join();

        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(changed.body())
                .startsWith("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\"")
                .contains("Idempotency-Key was already used with a different request body");
        assertThat(sendMessage("msg-k-1", STREAMED_MESSAGE).join().statusCode())
                .as("the streamed form of it")
                .isEqualTo(409);
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void theAnthropicSdkGetsTheSameMessageAgainAndAConflictForAnotherOne() {
        upstream.always(FakeUpstream.json(200, Fixtures.text("anthropic/message-cached.json")));
        AnthropicClient client = AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port())
                .apiKey(key)
                .maxRetries(0)
                .build();
        MessageCreateParams params = MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(50)
                .addUserMessage("hi")
                .putAdditionalHeader("Idempotency-Key", "sdk-1")
                .build();

        Message first = client.messages().create(params);
        Message again = client.messages().create(params);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.content().get(0).text().orElseThrow().text())
                .isEqualTo("The document is a novel about manners and marriage.");
        assertThat(again.usage().cacheCreationInputTokens()).contains(248L);
        assertThat(again.usage().outputTokens()).isEqualTo(503);
        assertThat(upstream.received()).hasSize(1);
        assertThatThrownBy(() -> client.messages()
                        .create(params.toBuilder()
                                .messages(List.of())
                                .addUserMessage("hello")
                                .build()))
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.getMessage()).contains("Idempotency-Key"));
    }
}
