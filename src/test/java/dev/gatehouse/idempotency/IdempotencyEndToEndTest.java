package dev.gatehouse.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Idempotency-Key through the real server: repeats are answered once, uncharged; a changed body is a 409. */
class IdempotencyEndToEndTest {

    private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private FakeUpstream upstream;
    private TestGateway gateway;
    private String key;

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeUpstream();
        gateway = TestGateway.start(TestGateway.SINGLE_ATTEMPT + """
                providers:
                  fake:
                    type: openai
                    base_url: %s
                    api_key: sk-upstream-secret-0000000001
                models:
                  - name: gpt-4o-mini
                    provider: fake
                """.formatted(upstream.baseUrl()));
        key = new AdminClient(gateway.port(), TestGateway.MASTER_KEY).createKey("{\"rpm_limit\":10}").get("key").asText();
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    private CompletableFuture<HttpResponse<String>> send(String idempotencyKey, String body) {
        return gateway.http().sendAsync(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .header("idempotency-key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
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
        upstream.always(new FakeUpstream.Frames("text/event-stream", FakeUpstream.sseEvents("openai/chat-hello-stream.sse"),
                Duration.ofMillis(5), FakeUpstream.After.END));
        String streamed = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        HttpResponse<String> first = send("stream-1", streamed).join();
        HttpResponse<String> again = send("stream-1", streamed).join();

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("content-type")).get().asString().startsWith("text/event-stream");
        assertThat(again.headers().firstValue("idempotent-replayed")).contains("true");
        assertThat(again.body()).isEqualTo(first.body()).contains("help you today").endsWith("data: [DONE]\n\n");
        assertThat(upstream.received()).hasSize(1);
        assertThat(send("stream-1", BODY).join().statusCode()).as("the same key for the JSON form of it").isEqualTo(409);
    }

    @Test
    void aStreamThatBreaksIsNotKeptSoARepeatRunsAgain() throws Exception {
        upstream.then(new FakeUpstream.Frames("text/event-stream", FakeUpstream.sseEvents("openai/chat-hello-stream.sse").subList(0, 2),
                Duration.ZERO, FakeUpstream.After.RESET));
        upstream.always(new FakeUpstream.Frames("text/event-stream", FakeUpstream.sseEvents("openai/chat-hello-stream.sse"),
                Duration.ZERO, FakeUpstream.After.END));
        String streamed = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        HttpResponse<String> broken = send("stream-2", streamed).join();
        HttpResponse<String> retried = send("stream-2", streamed).join();

        assertThat(broken.body()).contains("\"error\"");
        assertThat(retried.body()).endsWith("data: [DONE]\n\n");
        assertThat(retried.headers().firstValue("idempotent-replayed")).isEmpty();
        assertThat(upstream.received()).hasSize(2);
    }

    @Test
    void aDuplicateWhileTheFirstRunsWaitsForIt() throws Exception {
        upstream.always(new FakeUpstream.Respond(200, "application/json", Fixtures.text("openai/chat-hello.json"), Map.of(),
                Duration.ofMillis(400)));
        CompletableFuture<HttpResponse<String>> first = send("slow-1", BODY);
        await("the first request holds the key").atMost(Duration.ofSeconds(10)).until(() -> !upstream.received().isEmpty());
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
}
