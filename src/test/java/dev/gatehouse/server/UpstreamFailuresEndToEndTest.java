package dev.gatehouse.server;

import static dev.gatehouse.server.ClientErrorsEndToEndTest.assertOpenAiError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An OpenAI-compatible upstream's answers and failures, as the client sees them through the gateway. */
class UpstreamFailuresEndToEndTest {

    private FakeUpstream upstream;
    private TestGateway gateway;

    @BeforeEach
    void start() {
        upstream = new FakeUpstream();
        gateway = TestGateway.start(TestGateway.SINGLE_ATTEMPT + """
                providers:
                  fake:
                    type: openai
                    base_url: %s
                    api_key: sk-upstream-secret-0000000001
                    timeouts:
                      first_byte: 700ms
                      total: 2s
                models:
                  - name: gpt-4o-mini
                    provider: fake
                  - name: house-model
                    provider: fake
                    model: vendor/model-v2
                """.formatted(upstream.baseUrl()));
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    private static final String HELLO =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void forwardsUnknownFieldsUntouchedAndSendsTheProviderKey() throws Exception {
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"reasoning_effort\":\"low\",\"x_vendor_option\":{\"a\":[1,2]},\"seed\":7}";

        var response = gateway.post("/v1/chat/completions", "application/json", body);

        assertThat(response.statusCode()).isEqualTo(200);
        FakeUpstream.Received received = upstream.lastReceived();
        assertThat(received.path()).isEqualTo("/v1/chat/completions");
        assertThat(received.body().get("reasoning_effort").asText()).isEqualTo("low");
        assertThat(received.body().get("x_vendor_option").toString()).isEqualTo("{\"a\":[1,2]}");
        assertThat(received.headers().get("authorization")).isEqualTo("Bearer sk-upstream-secret-0000000001");
        assertThat(received.headers().get("authorization")).doesNotContain(TestGateway.MASTER_KEY);
    }

    @Test
    void rewritesTheModelNameWhenTheRouteRenamesIt() {
        ChatCompletion completion = gateway.client()
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("house-model")
                        .addUserMessage("hi")
                        .build());

        assertThat(upstream.lastReceived().body().get("model").asText()).isEqualTo("vendor/model-v2");
        assertThat(completion.choices().get(0).message().content()).contains("Hello! How can I assist you today?");
    }

    @Test
    void passesAnUpstreamRateLimitOnWithItsStatusAndMessage() {
        upstream.then(
                FakeUpstream.json(429, Fixtures.text("openai/error-rate-limit.json"), Map.of("retry-after", "20")));

        assertThatThrownBy(() -> gateway.client()
                        .chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("gpt-4o-mini")
                                .addUserMessage("hi")
                                .build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.getMessage()).contains("Rate limit reached for gpt-4o-mini");
                    assertThat(e.code()).contains("rate_limit_exceeded");
                });
    }

    @Test
    void passesAContextLengthErrorOnAs400() {
        upstream.then(FakeUpstream.json(400, Fixtures.text("openai/error-context-length.json")));

        assertThatThrownBy(() -> gateway.client()
                        .chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("gpt-4o-mini")
                                .addUserMessage("hi")
                                .build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.code()).contains("context_length_exceeded");
                    assertThat(e.param()).contains("messages");
                });
    }

    @Test
    void reportsAnUpstreamErrorWithoutAJsonBodyInOpenAiShape() throws Exception {
        upstream.then(new FakeUpstream.Respond(
                503, "text/html", "<html>Service Unavailable</html>", Map.of(), Duration.ZERO));

        var response = gateway.post("/v1/chat/completions", "application/json", HELLO);

        assertOpenAiError(response, 503, "upstream_error", null);
        assertThat(response.body()).contains("fake").contains("503");
    }

    @Test
    void answers502WhenTheUpstreamAnswerIsNotJson() throws Exception {
        upstream.then(new FakeUpstream.Respond(200, "application/json", "this is not { json", Map.of(), Duration.ZERO));

        var response = gateway.post("/v1/chat/completions", "application/json", HELLO);

        assertOpenAiError(response, 502, "bad_upstream_response", null);
        assertThat(response.body()).contains("'fake'");
    }

    @Test
    void answers502WhenTheUpstreamJsonIsNotAnOpenAiAnswer() throws Exception {
        upstream.then(FakeUpstream.json(200, "{\"result\":\"ok\"}"));

        assertOpenAiError(
                gateway.post("/v1/chat/completions", "application/json", HELLO), 502, "bad_upstream_response", null);
    }

    @Test
    void answers502WhenTheUpstreamResetsTheConnection() throws Exception {
        upstream.then(new FakeUpstream.Reset());

        var response = gateway.post("/v1/chat/completions", "application/json", HELLO);

        assertThat(response.statusCode()).isEqualTo(502);
    }

    @Test
    void answers504WhenTheUpstreamDoesNotAnswerInTime() throws Exception {
        upstream.then(new FakeUpstream.Hang());

        var response = gateway.post("/v1/chat/completions", "application/json", HELLO);

        assertOpenAiError(response, 504, "upstream_timeout", null);
    }

    @Test
    void surfacesAnUpstream500ThroughTheSdk() {
        upstream.then(
                FakeUpstream.json(
                        500,
                        "{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));

        assertThatThrownBy(() -> gateway.client()
                        .chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("gpt-4o-mini")
                                .addUserMessage("hi")
                                .build()))
                .isInstanceOfSatisfying(
                        InternalServerException.class,
                        e -> assertThat(e.getMessage())
                                .contains("The server had an error while processing your request."));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"BOGUS RESPONSE\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: zz\r\n\r\n", "RESET"})
    void answers502WhenTheUpstreamBreaksHttp(String reply) throws Exception {
        try (dev.gatehouse.testing.RawTcpUpstream broken =
                        new dev.gatehouse.testing.RawTcpUpstream(reply.equals("RESET") ? null : reply);
                TestGateway gatewayToBroken =
                        TestGateway.start(TestGateway.SINGLE_ATTEMPT + """
                        providers:
                          broken:
                            type: openai
                            base_url: %s
                        models:
                          - name: gpt-4o-mini
                            provider: broken
                        """.formatted(broken.baseUrl()))) {
            var response = gatewayToBroken.post("/v1/chat/completions", "application/json", HELLO);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
            assertThat(response.body()).contains("'broken'");
        }
    }

    @Test
    void answers502WhenTheUpstreamIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TestGateway unreachable = TestGateway.start("""
                providers:
                  gone:
                    type: openai
                    base_url: http://127.0.0.1:%d/v1
                models:
                  - name: gpt-4o-mini
                    provider: gone
                """.formatted(closedPort))) {
            var response = unreachable.post("/v1/chat/completions", "application/json", HELLO);

            assertOpenAiError(response, 502, "upstream_unreachable", null);
        }
    }
}
