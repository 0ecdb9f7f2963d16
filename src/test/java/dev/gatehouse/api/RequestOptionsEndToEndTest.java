package dev.gatehouse.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every {@code x-gateway-options} choice through the real server, against fault-scripted upstreams. */
class RequestOptionsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIMITED_KEY = "sk-limited-options-key-0000001";
    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final FakeUpstream a = new FakeUpstream();
    private final FakeUpstream b = new FakeUpstream();
    private final FakeUpstream c = new FakeUpstream();
    private @Nullable TestGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        a.close();
        b.close();
        c.close();
    }

    /** {@code smart} lists an expensive deployment before a cheap one and falls back to {@code spare}. */
    private String config(String router) {
        return router + """
                providers:
                  pa:
                    type: openai
                    base_url: %s
                  pb:
                    type: openai
                    base_url: %s
                  pc:
                    type: openai
                    base_url: %s
                models:
                  - name: smart
                    deployments:
                      - provider: pa
                        model: gpt-4o
                      - provider: pb
                        model: gpt-4o-mini
                    fallbacks: [spare]
                  - name: spare
                    provider: pc
                    model: model-c
                  - name: other
                    provider: pc
                    model: model-o
                  - name: secret
                    provider: pc
                    model: model-s
                  - name: solo
                    provider: pa
                    model: gpt-4o
                keys:
                  - id: limited
                    key: %s
                    models: [smart, spare, other, solo]
                """.formatted(a.baseUrl(), b.baseUrl(), c.baseUrl(), LIMITED_KEY);
    }

    private static final String ROUTER = """
            router:
              retries: 2
              backoff_base: 1ms
              backoff_max: 5ms
              max_attempts: 20
              circuit_breaker:
                consecutive_failures: 1000
                min_requests: 1000
            """;

    private TestGateway start() {
        gateway = TestGateway.start(config(ROUTER));
        return gateway;
    }

    private static FakeUpstream.Behavior ok() {
        return FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json"));
    }

    private static FakeUpstream.Behavior serverError() {
        return FakeUpstream.json(500, Fixtures.text("openai/error-server.json"));
    }

    private HttpRequest request(String key, String model, @Nullable String options, Map<String, String> headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + Objects.requireNonNull(gateway).port() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(model)));
        if (options != null) {
            r.header("x-gateway-options", options);
        }
        headers.forEach(r::header);
        return r.build();
    }

    private HttpResponse<String> post(String key, String model, @Nullable String options) throws Exception {
        return Objects.requireNonNull(gateway).send(request(key, model, options, Map.of()));
    }

    private HttpResponse<String> post(String model, @Nullable String options) throws Exception {
        return post(TestGateway.MASTER_KEY, model, options);
    }

    private static void assertError(HttpResponse<String> response, int status, String param, String code)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("param").asText()).isEqualTo(param);
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
    }

    @Test
    void aPinnedDeploymentAnswersThroughTheSdk() {
        TestGateway g = start();
        a.always(ok());
        b.always(ok());

        try (HttpResponseFor<ChatCompletion> answer = g.client()
                .chat()
                .completions()
                .withRawResponse()
                .create(ChatCompletionCreateParams.builder()
                        .model("smart")
                        .addUserMessage("hi")
                        .putAdditionalHeader("x-gateway-options", "{\"deployment\":\"pb/gpt-4o-mini\"}")
                        .build())) {
            assertThat(answer.parse().choices()).isNotEmpty();
            assertThat(answer.headers().values("x-gatehouse-deployment")).containsExactly("pb/gpt-4o-mini");
        }
        assertThat(a.received()).isEmpty();
        assertThat(b.received()).hasSize(1);
    }

    @Test
    void theAnthropicSurfaceReadsTheSameOptions() {
        TestGateway g = start();
        a.always(ok());
        b.always(ok());
        AnthropicClient client = AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + g.port())
                .apiKey(LIMITED_KEY)
                .maxRetries(0)
                .build();
        java.util.function.Function<String, MessageCreateParams> ask = options -> MessageCreateParams.builder()
                .model("smart")
                .maxTokens(50)
                .addUserMessage("hi")
                .putAdditionalHeader("x-gateway-options", options)
                .build();

        Message answer = client.messages().create(ask.apply("{\"strategy\":\"cheapest\"}"));
        assertThat(answer.content()).isNotEmpty();
        assertThat(b.received()).hasSize(1);
        assertThat(a.received()).isEmpty();

        assertThatThrownBy(() -> client.messages().create(ask.apply("{\"provider\":\"pa\"}")))
                .isInstanceOfSatisfying(
                        PermissionDeniedException.class,
                        e -> assertThat(e.getMessage()).contains("'provider'"));
        assertThatThrownBy(() -> client.messages().create(ask.apply("{\"retries\":\"many\"}")))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.getMessage()).contains("x-gateway-options.retries"));
        assertThat(a.received()).isEmpty();
    }

    @Test
    void aProviderPinKeepsOnlyThatProvidersDeployments() throws Exception {
        start();
        a.always(ok());
        b.always(serverError());

        HttpResponse<String> response = post("smart", "{\"provider\":\"pb\",\"retries\":0}");

        // pb fails and the pin leaves nothing else: not pa, and not the fallback group on pc.
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(a.received()).isEmpty();
        assertThat(b.received()).hasSize(1);
        assertThat(c.received()).isEmpty();
    }

    @Test
    void aPinTheModelDoesNotHaveIsRefused() throws Exception {
        start();

        assertError(
                post("smart", "{\"deployment\":\"pc/model-c\"}"), 400, "x-gateway-options.deployment", "invalid_value");
        assertError(post("smart", "{\"provider\":\"pc\"}"), 400, "x-gateway-options.provider", "invalid_value");
        assertError(post("smart", "{\"provider\":\"nowhere\"}"), 400, "x-gateway-options.provider", "invalid_value");
        assertThat(a.received()).isEmpty();
        assertThat(c.received()).isEmpty();
    }

    @Test
    void aKeyWithoutThePinOptionGets403NamingIt() throws Exception {
        start();
        a.always(ok());

        assertError(
                post(LIMITED_KEY, "smart", "{\"tags\":[\"x\"],\"provider\":\"pa\"}"),
                403,
                "x-gateway-options.provider",
                "option_not_allowed");
        assertError(
                post(LIMITED_KEY, "smart", "{\"deployment\":\"pa/gpt-4o\"}"),
                403,
                "x-gateway-options.deployment",
                "option_not_allowed");
        assertThat(a.received()).isEmpty();
        // The options a key has by default work.
        assertThat(post(LIMITED_KEY, "smart", "{\"tags\":[\"x\"],\"timeout\":30}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aStrategyOverridesTheGroupsOrder() throws Exception {
        start();
        a.always(ok());
        b.always(ok());

        HttpResponse<String> listed = post("smart", null);
        HttpResponse<String> cheapest = post("smart", "{\"strategy\":\"cheapest\"}");

        assertThat(listed.headers().firstValue("x-gatehouse-deployment")).contains("pa/gpt-4o");
        assertThat(cheapest.headers().firstValue("x-gatehouse-deployment")).contains("pb/gpt-4o-mini");
        assertThat(a.received()).hasSize(1);
        assertThat(b.received()).hasSize(1);
    }

    @Test
    void aFallbackListReplacesTheConfiguredChain() throws Exception {
        start();
        a.always(serverError());
        b.always(serverError());
        c.always(ok());

        HttpResponse<String> configured = post("smart", "{\"retries\":0}");
        HttpResponse<String> requested = post("smart", "{\"retries\":0,\"fallbacks\":[\"other\"]}");

        assertThat(configured.statusCode()).isEqualTo(200);
        assertThat(configured.headers().firstValue("x-gatehouse-deployment")).contains("pc/model-c");
        assertThat(requested.statusCode()).isEqualTo(200);
        assertThat(requested.headers().firstValue("x-gatehouse-deployment")).contains("pc/model-o");
        assertThat(requested.headers().firstValue("x-gatehouse-fallback")).contains("true");
        assertThat(c.received())
                .extracting(r -> r.body().path("model").asText())
                .containsExactly("model-c", "model-o");
    }

    @Test
    void aFallbackTheKeyMayNotUseIsRefused() throws Exception {
        start();

        assertError(
                post(LIMITED_KEY, "smart", "{\"fallbacks\":[\"other\",\"secret\"]}"),
                403,
                "x-gateway-options.fallbacks",
                "model_not_allowed");
        assertError(
                post("smart", "{\"fallbacks\":[\"no-such-group\"]}"),
                400,
                "x-gateway-options.fallbacks",
                "model_not_found");
        assertThat(a.received()).isEmpty();
    }

    @Test
    void retriesOnlyTighten() throws Exception {
        start();
        a.always(serverError());

        HttpResponse<String> none = post("solo", "{\"retries\":0}");
        int afterNone = a.received().size();
        HttpResponse<String> many = post("solo", "{\"retries\":50}");

        assertThat(none.statusCode()).isEqualTo(500);
        assertThat(none.headers().firstValue("x-gatehouse-attempts")).contains("1");
        assertThat(afterNone).isEqualTo(1);
        // 50 asked, 2 configured: the configured maximum holds.
        assertThat(many.headers().firstValue("x-gatehouse-attempts")).contains("3");
        assertThat(a.received()).hasSize(4);
    }

    @Test
    void aTimeoutEndsTheRequestLongBeforeTheConfiguredOne() throws Exception {
        ManualClock clock = new ManualClock();
        gateway = TestGateway.start(clock, config(TestGateway.SINGLE_ATTEMPT));
        a.then(new FakeUpstream.Hang());

        CompletableFuture<HttpResponse<String>> answer = gateway.http()
                .sendAsync(
                        request(TestGateway.MASTER_KEY, "solo", "{\"timeout\":\"3s\"}", Map.of()),
                        HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10))
                .until(clock::pendingDelays, delays -> delays.contains(Duration.ofSeconds(3)));
        assertThat(answer).isNotDone();
        clock.advance(Duration.ofSeconds(3));

        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
        assertError(response, 504, "null", "upstream_timeout");
    }

    @Test
    void aFirstByteTimeoutTightensTheProvidersOne() throws Exception {
        ManualClock clock = new ManualClock();
        gateway = TestGateway.start(clock, config(TestGateway.SINGLE_ATTEMPT));
        a.then(new FakeUpstream.Hang());

        CompletableFuture<HttpResponse<String>> answer = gateway.http()
                .sendAsync(
                        request(TestGateway.MASTER_KEY, "solo", "{\"first_byte_timeout\":1.5}", Map.of()),
                        HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10))
                .until(clock::pendingDelays, delays -> delays.contains(Duration.ofMillis(1500)));
        clock.advance(Duration.ofMillis(1500));

        assertError(answer.get(10, TimeUnit.SECONDS), 504, "null", "upstream_timeout");
    }

    @Test
    void tagsAndMetadataReachTheUsageRecord() throws Exception {
        TestGateway g = start();
        a.always(ok());

        HttpResponse<String> response =
                post("solo", "{\"tags\":[\"search\",\"beta\"],\"metadata\":{\"feature\":\"faq\",\"tenant\":\"acme\"}}");
        UsageRecord r = record(g, response);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(r.tags()).containsExactly("search", "beta");
        assertThat(r.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("feature", "faq", "tenant", "acme"));
    }

    @Test
    void theTagsHeaderIsTheSameOptionAndMustAgree() throws Exception {
        TestGateway g = start();
        a.always(ok());

        HttpResponse<String> agreeing = g.send(request(
                TestGateway.MASTER_KEY, "solo", "{\"tags\":[\"a\",\"b\"]}", Map.of("x-gatehouse-tags", "a, b")));
        HttpResponse<String> conflicting =
                g.send(request(TestGateway.MASTER_KEY, "solo", "{\"tags\":[\"a\"]}", Map.of("x-gatehouse-tags", "b")));

        assertThat(agreeing.statusCode()).isEqualTo(200);
        assertThat(record(g, agreeing).tags()).containsExactly("a", "b");
        assertError(conflicting, 400, "x-gateway-options.tags", "conflicting_options");
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " => ",
            value = {
                "{ => x-gateway-options => invalid_json",
                "[1] => x-gateway-options => invalid_value",
                "{\"colour\":\"red\"} => x-gateway-options.colour => unknown_option",
                "{\"retries\":-1} => x-gateway-options.retries => invalid_value",
                "{\"retries\":1.5} => x-gateway-options.retries => invalid_value",
                "{\"timeout\":\"soon\"} => x-gateway-options.timeout => invalid_value",
                "{\"timeout\":0} => x-gateway-options.timeout => invalid_value",
                "{\"first_byte_timeout\":true} => x-gateway-options.first_byte_timeout => invalid_value",
                "{\"strategy\":\"complexity\"} => x-gateway-options.strategy => invalid_value",
                "{\"fallbacks\":\"other\"} => x-gateway-options.fallbacks => invalid_value",
                "{\"deployment\":\"no-slash\"} => x-gateway-options.deployment => invalid_value",
                "{\"tags\":[\"a,b\"]} => x-gateway-options.tags[0] => invalid_value",
                "{\"metadata\":{\"n\":1}} => x-gateway-options.metadata.n => invalid_value",
                "{\"cache\":{\"ttl\":\"0s\"}} => x-gateway-options.cache.ttl => invalid_value",
                "{\"cache\":{\"read\":\"no\"}} => x-gateway-options.cache.read => invalid_value",
                "{\"cache\":{\"namespace\":\"has space\"}} => x-gateway-options.cache.namespace => invalid_value",
                "{\"cache\":{\"size\":1}} => x-gateway-options.cache.size => unknown_option",
            })
    void aBadOptionIsA400NamingIt(String options, String param, String code) throws Exception {
        start();

        assertError(post("solo", options), 400, param, code);
        assertThat(a.received()).isEmpty();
    }

    private static UsageRecord record(TestGateway g, HttpResponse<String> response) {
        String id = response.headers().firstValue("x-request-id").orElseThrow();
        return await("the usage record of " + id)
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> {
                            g.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
                            return g.server().usage().store().find(id);
                        },
                        Objects::nonNull);
    }
}
