package dev.gatehouse.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.FakeUpstream.After;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One usage record per request, whatever became of it, through the real server. */
class UsageRecordEndToEndTest {

    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]%s}";

    private FakeUpstream primary;
    private FakeUpstream backup;
    private TestGateway gateway;

    @BeforeEach
    void start() {
        primary = new FakeUpstream();
        backup = new FakeUpstream();
        gateway = TestGateway.start(TestGateway.SINGLE_ATTEMPT + """
                providers:
                  primary:
                    type: openai
                    base_url: %s
                  backup:
                    type: openai
                    base_url: %s
                models:
                  - name: gpt-4.1
                    provider: primary
                  - name: resilient
                    deployments:
                      - provider: primary
                        model: gpt-4.1
                      - provider: backup
                        model: gpt-4.1-mini
                  - name: unpriced
                    provider: primary
                    model: some-private-model
                """.formatted(primary.baseUrl(), backup.baseUrl()));
    }

    @AfterEach
    void stop() {
        gateway.close();
        primary.close();
        backup.close();
    }

    private HttpResponse<String> post(String key, String body, String tags) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (tags != null) {
            request.header("x-gatehouse-tags", tags);
        }
        return gateway.send(request.build());
    }

    /** The request's record, once the writer has stored it (the record is written when the response ends). */
    private UsageRecord record(String requestId) {
        return await("the usage record of " + requestId)
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> {
                            gateway.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
                            return gateway.server().usage().store().find(requestId);
                        },
                        java.util.Objects::nonNull);
    }

    private UsageRecord recordOf(HttpResponse<String> response) throws Exception {
        return record(response.headers().firstValue("x-request-id").orElseThrow());
    }

    @Test
    void recordsASuccessWithItsTagsFromTheHeader() throws Exception {
        primary.then(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        UsageRecord r = recordOf(post(TestGateway.MASTER_KEY, CHAT.formatted("gpt-4.1", ""), "search, beta ,"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.keyId()).isEqualTo("master");
        assertThat(r.tags()).containsExactly("search", "beta");
        assertThat(r.publicModel()).isEqualTo("gpt-4.1");
        assertThat(r.provider()).isEqualTo("primary");
        assertThat(r.deployment()).isEqualTo("primary/gpt-4.1");
        assertThat(r.inputTokens()).isEqualTo(12);
        assertThat(r.outputTokens()).isEqualTo(9);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.fallback()).isFalse();
        assertThat(r.errorType()).isNull();
        assertThat(r.ttftMs()).isNotNull().isPositive().isLessThanOrEqualTo(r.latencyMs());
        assertThat(r.costUsd()).isNotNull().isPositive();
    }

    @Test
    void takesTagsFromMetadataWhenNoHeaderIsSent() throws Exception {
        primary.then(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        UsageRecord r = recordOf(post(
                TestGateway.MASTER_KEY,
                CHAT.formatted("gpt-4.1", ",\"metadata\":{\"tags\":[\"chatbot\",\"eu\"]}"),
                null));
        assertThat(r.tags()).containsExactly("chatbot", "eu");
    }

    @Test
    void recordsARejectedKeyAndAnInvalidRequest() throws Exception {
        UsageRecord unauthorized = recordOf(post("sk-wrong", CHAT.formatted("gpt-4.1", ""), null));
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.keyId()).isNull();
        assertThat(unauthorized.errorType()).isNotNull();
        assertThat(unauthorized.costUsd()).isZero();
        assertThat(unauthorized.attempts()).isZero();

        UsageRecord invalid = recordOf(post(TestGateway.MASTER_KEY, "{\"model\":\"gpt-4.1\"}", null));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.keyId()).isEqualTo("master");
        assertThat(primary.received()).isEmpty();
    }

    @Test
    void recordsAnUpstreamErrorAndAFallback() throws Exception {
        primary.then(FakeUpstream.json(429, Fixtures.text("openai/error-rate-limit.json")));
        backup.then(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        UsageRecord fellBack = recordOf(post(TestGateway.MASTER_KEY, CHAT.formatted("resilient", ""), null));
        assertThat(fellBack.status()).isEqualTo(200);
        assertThat(fellBack.attempts()).isEqualTo(2);
        assertThat(fellBack.fallback()).isTrue();
        assertThat(fellBack.deployment()).isEqualTo("backup/gpt-4.1-mini");
        // gpt-4.1-mini: 0.40 input, 1.60 output per million.
        assertThat(fellBack.costUsd()).isEqualTo((12 * 0.40 + 9 * 1.60) / 1e6);

        primary.then(FakeUpstream.json(500, Fixtures.text("openai/error-server.json")));
        UsageRecord failed = recordOf(post(TestGateway.MASTER_KEY, CHAT.formatted("gpt-4.1", ""), null));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.errorType()).isNotNull();
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.inputTokens()).isZero();
    }

    @Test
    void anUnpricedModelIsRecordedWithANullCost() throws Exception {
        primary.then(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        long before = gateway.server().usage().cost().unpriced();
        UsageRecord r = recordOf(post(TestGateway.MASTER_KEY, CHAT.formatted("unpriced", ""), null));
        assertThat(r.inputTokens()).isEqualTo(12);
        assertThat(r.costUsd()).isNull();
        assertThat(gateway.server().usage().cost().unpriced()).isEqualTo(before + 1);
    }

    @Test
    void aStreamWithoutProviderUsageIsEstimatedAndMarked() throws Exception {
        // A server that ignores stream_options.include_usage sends no usage chunk.
        List<String> events = Fixtures.sseData("openai/chat-hello-stream.sse").stream()
                .filter(e -> !e.contains("\"prompt_tokens\""))
                .toList();
        primary.then(FakeUpstream.sse(events, Duration.ZERO, After.END));
        UsageRecord r = recordOf(post(TestGateway.MASTER_KEY, CHAT.formatted("gpt-4.1", ",\"stream\":true"), null));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.outputTokens()).isPositive();
        assertThat(r.inputTokens()).isPositive();
        assertThat(r.estimated()).isTrue();
    }

    @Test
    void anAbortedStreamIsChargedForWhatWasGenerated() throws Exception {
        String piece = Fixtures.sseData("openai/chat-hello-stream.sse").get(1);
        primary.then(FakeUpstream.sse(Collections.nCopies(200, piece), Duration.ofMillis(20), After.END));

        String requestId = null;
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            String body = CHAT.formatted("gpt-4.1", ",\"stream\":true");
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestGateway.MASTER_KEY
                                    + "\r\nContent-Type: application/json\r\nContent-Length: "
                                    + body.getBytes(StandardCharsets.UTF_8).length
                                    + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int dataLines = 0;
            String line;
            while ((line = in.readLine()) != null && dataLines < 5) {
                if (line.toLowerCase().startsWith("x-request-id:")) {
                    requestId = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("data: ")) {
                    dataLines++;
                }
            }
        }

        UsageRecord r = record(requestId);
        assertThat(r.status()).isEqualTo(499);
        assertThat(r.errorType()).isEqualTo("client_closed");
        assertThat(r.estimated()).isTrue();
        // "Hello!" is two tokens; at least the five pieces the client read were generated, far fewer than 200.
        assertThat(r.outputTokens()).isBetween(5L * 2, 200L * 2 - 1);
        assertThat(r.costUsd()).isPositive();
    }
}
