package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.FakeUpstream.After;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries, fallback chains, breakers and capability routing, end to end against fault-scripted upstreams. */
class RoutingEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HELLO = "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM_HELLO =
            "{\"model\":\"smart\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final FakeUpstream a = new FakeUpstream();
    private final FakeUpstream b = new FakeUpstream();
    private final FakeUpstream c = new FakeUpstream();
    private TestGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        a.close();
        b.close();
        c.close();
    }

    private void start(String router, String models) {
        gateway = TestGateway.start(config(router, models));
    }

    /** A gateway whose backoffs, breaker cooldowns and timeouts run on {@code clock}. */
    private void start(ManualClock clock, String router, String models) {
        gateway = TestGateway.start(clock, config(router, models));
    }

    private String config(String router, String models) {
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
                %s""".formatted(a.baseUrl(), b.baseUrl(), c.baseUrl(), models.indent(2));
    }

    private static final String FAST_RETRIES = """
            router:
              retries: 1
              backoff_base: 10ms
              backoff_max: 2s
              circuit_breaker:
                consecutive_failures: 1000
                min_requests: 1000
            """;

    private static final String TWO_DEPLOYMENTS = """
            - name: smart
              deployments:
                - provider: pa
                  model: model-a
                - provider: pb
                  model: model-b
            """;

    private static FakeUpstream.Behavior ok() {
        return FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json"));
    }

    private static FakeUpstream.Behavior error(int status) {
        return FakeUpstream.json(
                status, Fixtures.text(status == 429 ? "openai/error-rate-limit.json" : "openai/error-server.json"));
    }

    private HttpResponse<String> post(String body) throws Exception {
        return gateway.post("/v1/chat/completions", "application/json", body);
    }

    private HttpRequest request(String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                .header("content-type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    @Test
    void retriesThenFallsBackToAnotherProvider() throws Exception {
        start(FAST_RETRIES, TWO_DEPLOYMENTS);
        a.always(error(500));
        b.always(ok());

        HttpResponse<String> response = post(HELLO);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(a.received()).hasSize(2);
        assertThat(b.received()).hasSize(1);
        assertThat(b.lastReceived().body().path("model").asText()).isEqualTo("model-b");
        assertThat(response.headers().firstValue("x-gatehouse-attempts")).contains("3");
        assertThat(response.headers().firstValue("x-gatehouse-fallback")).contains("true");
        assertThat(response.headers().firstValue("x-gatehouse-deployment")).contains("pb/model-b");
        assertThat(response.headers().firstValue("x-gatehouse-provider")).contains("pb");
    }

    @Test
    void waitsForRetryAfterBeforeRetryingTheSameDeployment() throws Exception {
        ManualClock clock = new ManualClock();
        start(clock, FAST_RETRIES, TWO_DEPLOYMENTS);
        a.then(FakeUpstream.json(429, Fixtures.text("openai/error-rate-limit.json"), Map.of("retry-after", "1")))
                .always(ok());

        CompletableFuture<HttpResponse<String>> answer =
                gateway.http().sendAsync(request(HELLO), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10))
                .until(clock::pendingDelays, delays -> delays.contains(Duration.ofSeconds(1)));
        clock.advance(Duration.ofMillis(999));
        assertThat(a.received()).as("no retry before the Retry-After").hasSize(1);
        clock.advance(Duration.ofMillis(1));
        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(a.received()).hasSize(2);
        assertThat(b.received()).isEmpty();
        assertThat(response.headers().firstValue("x-gatehouse-fallback")).contains("false");
    }

    @Test
    void movesOnAtOnceWhenRetryAfterIsLongerThanTheBackoffLimit() throws Exception {
        start(FAST_RETRIES, TWO_DEPLOYMENTS);
        a.always(FakeUpstream.json(429, Fixtures.text("openai/error-rate-limit.json"), Map.of("retry-after", "60")));
        b.always(ok());

        HttpResponse<String> response = post(HELLO);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(a.received()).hasSize(1);
        assertThat(b.received()).hasSize(1);
    }

    @Test
    void neverRetriesOrFallsBackOnAClientError() throws Exception {
        start(FAST_RETRIES, TWO_DEPLOYMENTS);
        a.always(FakeUpstream.json(400, Fixtures.text("openai/error-invalid.json")));
        b.always(ok());

        HttpResponse<String> response = post(HELLO);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(a.received()).hasSize(1);
        assertThat(b.received()).isEmpty();
    }

    @Test
    void fallsBackOnAContextLengthErrorOnlyToALargerWindow() throws Exception {
        start(FAST_RETRIES, """
                - name: smart
                  deployments:
                    - provider: pa
                      model: model-a
                      context_window: 8000
                    - provider: pb
                      model: model-b
                      context_window: 4000
                    - provider: pc
                      model: model-c
                      context_window: 128000
                """);
        a.always(FakeUpstream.json(400, Fixtures.text("openai/error-context-length.json")));
        b.always(ok());
        c.always(ok());

        HttpResponse<String> response = post(HELLO);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(b.received()).isEmpty();
        assertThat(c.received()).hasSize(1);
    }

    @Test
    void skipsADeploymentWhoseWindowThePromptDoesNotFit() throws Exception {
        start(FAST_RETRIES, """
                - name: smart
                  deployments:
                    - provider: pa
                      model: model-a
                      context_window: 50
                    - provider: pb
                      model: model-b
                      context_window: 100000
                """);
        b.always(ok());

        HttpResponse<String> response =
                post("{\"model\":\"smart\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(a.received()).isEmpty();
    }

    @Test
    void sendsToolsAndImagesOnlyToCapableDeployments() throws Exception {
        start(FAST_RETRIES, """
                - name: smart
                  deployments:
                    - provider: pa
                      model: text-only
                      capabilities: [streaming]
                    - provider: pb
                      model: full
                """);
        a.always(ok());
        b.always(ok());

        post(
                "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]}");
        post(
                "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]}]}");
        post(HELLO);

        assertThat(b.received()).hasSize(2);
        assertThat(a.received()).as("only the plain request").hasSize(1);
    }

    @Test
    void fallsBackToTheNextModelGroupInTheChain() throws Exception {
        start(FAST_RETRIES, """
                - name: smart
                  provider: pa
                  model: model-a
                  fallbacks: [backup]
                - name: backup
                  provider: pc
                  model: model-c
                """);
        a.always(error(503));
        c.always(ok());

        HttpResponse<String> response = post(HELLO);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(c.lastReceived().body().path("model").asText()).isEqualTo("model-c");
        assertThat(response.headers().firstValue("x-gatehouse-fallback")).contains("true");
    }

    @Test
    void aShortFormGroupReachedByFallbackSendsItsOwnName() throws Exception {
        start(FAST_RETRIES, """
                - name: fb-a
                  provider: pa
                  model: model-a
                  fallbacks: [gpt-4o]
                - name: gpt-4o
                  aliases: [four-o]
                  provider: pc
                """);
        a.always(error(503));
        c.always(ok());

        HttpResponse<String> fellBack = post(HELLO.replace("smart", "fb-a"));
        HttpResponse<String> byAlias = post(HELLO.replace("smart", "four-o"));

        assertThat(fellBack.statusCode()).isEqualTo(200);
        assertThat(c.received().get(0).body().path("model").asText()).isEqualTo("gpt-4o");
        assertThat(fellBack.headers().firstValue("x-gatehouse-deployment")).contains("pc/gpt-4o");
        assertThat(byAlias.statusCode()).isEqualTo(200);
        assertThat(c.received().get(1).body().path("model").asText()).isEqualTo("gpt-4o");
    }

    @Test
    void aShortFormTierGroupSendsItsOwnNameAndAPatternGroupTheRequestedOne() throws Exception {
        start(FAST_RETRIES, """
                - name: auto
                  strategy: complexity
                  tiers:
                    simple: small-model
                - name: small-model
                  provider: pa
                - name: "llama-*"
                  provider: pc
                """);
        a.always(ok());
        c.always(ok());

        HttpResponse<String> tiered =
                post("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"What time is it?\"}]}");
        HttpResponse<String> patterned = post(HELLO.replace("smart", "llama-3.1-8b"));

        assertThat(tiered.statusCode()).isEqualTo(200);
        assertThat(a.lastReceived().body().path("model").asText()).isEqualTo("small-model");
        assertThat(patterned.statusCode()).isEqualTo(200);
        assertThat(c.lastReceived().body().path("model").asText()).isEqualTo("llama-3.1-8b");
    }

    @Test
    void aFallbackDeploymentThatCannotExpressTheRequestAnswersA400InsteadOfHanging() throws Exception {
        gateway = TestGateway.start("""
                router:
                  retries: 0
                providers:
                  pa:
                    type: openai
                    base_url: %s
                  claude:
                    type: anthropic
                    api_key: test
                    base_url: %s
                models:
                  - name: smart
                    deployments:
                      - provider: pa
                        model: model-a
                      - provider: claude
                        model: claude-sonnet-4-5
                """.formatted(a.baseUrl(), b.baseUrl()));
        a.always(error(500));

        HttpResponse<String> response = post(HELLO.replace("\"messages\"", "\"n\":2,\"messages\""));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("param").asText()).isEqualTo("n");
        assertThat(error.get("message").asText()).contains("'claude'");
        assertThat(a.received()).hasSize(1);
        assertThat(b.received()).isEmpty();
    }

    @Test
    void aStreamFallsBackWhileNoByteHasReachedTheClient() throws Exception {
        start(FAST_RETRIES.replace("retries: 1", "retries: 0"), TWO_DEPLOYMENTS);
        a.always(new FakeUpstream.Frames("text/event-stream", List.of(), Duration.ZERO, After.RESET));
        b.always(new FakeUpstream.Frames(
                "text/event-stream", FakeUpstream.sseEvents("openai/chat-hello-stream.sse"), Duration.ZERO, After.END));

        HttpResponse<String> response = post(STREAM_HELLO);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("help you today").endsWith("data: [DONE]\n\n");
        assertThat(a.received()).hasSize(1);
        assertThat(response.headers().firstValue("x-gatehouse-deployment")).contains("pb/model-b");
    }

    @Test
    void aStreamThatBreaksAfterItsFirstChunkEndsWithAnErrorEvent() throws Exception {
        start(FAST_RETRIES, TWO_DEPLOYMENTS);
        a.always(new FakeUpstream.Frames(
                "text/event-stream",
                FakeUpstream.sseEvents("openai/chat-hello-stream.sse").subList(0, 2),
                Duration.ZERO,
                After.RESET));
        b.always(ok());

        HttpResponse<String> response = post(STREAM_HELLO);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"error\"").doesNotContain("[DONE]");
        assertThat(b.received())
                .as("bytes already reached the client, so no fallback")
                .isEmpty();
    }

    @Test
    void anOpenBreakerTakesTheDeploymentOutOfRotation() throws Exception {
        start("""
                router:
                  retries: 0
                  circuit_breaker:
                    consecutive_failures: 2
                    cooldown: 1h
                """, TWO_DEPLOYMENTS);
        a.always(error(500));
        b.always(ok());

        for (int i = 0; i < 10; i++) {
            assertThat(post(HELLO).statusCode()).isEqualTo(200);
        }

        assertThat(a.received())
                .as("two failures open the breaker; then no traffic")
                .hasSize(2);
        assertThat(b.received()).hasSize(10);
    }

    @Test
    void answersAFastClear503WhenEveryDeploymentIsOpen() throws Exception {
        start(new ManualClock(), """
                router:
                  retries: 0
                  circuit_breaker:
                    consecutive_failures: 1
                    cooldown: 1h
                """, """
                - name: smart
                  provider: pa
                  model: model-a
                """);
        a.always(error(500));

        assertThat(post(HELLO).statusCode()).isEqualTo(500);
        HttpResponse<String> response = post(HELLO);

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("no_healthy_deployment");
        assertThat(response.headers().firstValue("retry-after"))
                .as("the whole cooldown, as no time passed")
                .contains("3600");
        assertThat(a.received()).hasSize(1);
    }

    @Test
    void clientsThatGiveUpDoNotOpenTheBreakerOfASlowDeployment() throws Exception {
        start("""
                router:
                  retries: 0
                  health_check_interval: 0s
                  circuit_breaker:
                    consecutive_failures: 1
                    cooldown: 1h
                """, """
                - name: smart
                  provider: pa
                  model: model-a
                """);
        a.always(new FakeUpstream.Respond(
                200, "application/json", Fixtures.text("openai/chat-hello.json"), Map.of(), Duration.ofSeconds(3)));

        for (int i = 0; i < 3; i++) {
            HttpRequest impatient = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                    .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                    .header("content-type", "application/json")
                    .timeout(Duration.ofMillis(300))
                    .POST(HttpRequest.BodyPublishers.ofString(HELLO))
                    .build();
            assertThatThrownBy(() -> gateway.send(impatient)).isInstanceOf(java.net.http.HttpTimeoutException.class);
        }
        await("the gateway let go of the abandoned calls")
                .atMost(Duration.ofSeconds(5))
                .until(() -> find(health(), "pa/model-a").path("in_flight").asInt() == 0);

        JsonNode deployment = find(health(), "pa/model-a");
        assertThat(deployment.path("state").asText()).isEqualTo("closed");
        assertThat(deployment.path("failures").asInt()).isZero();
        a.always(ok());
        assertThat(post(HELLO).statusCode()).isEqualTo(200);
    }

    private JsonNode health() throws Exception {
        HttpResponse<String> response = gateway.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/admin/v1/health"))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .GET()
                        .build());
        return JSON.readTree(response.body()).path("deployments");
    }

    @Test
    void stopsAtTheAttemptBudget() throws Exception {
        start("""
                router:
                  retries: 5
                  backoff_base: 1ms
                  max_attempts: 3
                  circuit_breaker:
                    consecutive_failures: 1000
                """, TWO_DEPLOYMENTS);
        a.always(error(500));
        b.always(error(500));

        HttpResponse<String> response = post(HELLO);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(a.received().size() + b.received().size()).isEqualTo(3);
        assertThat(response.headers().firstValue("x-gatehouse-attempts")).contains("3");
    }

    @Test
    void routesByPromptComplexityAndSaysWhichTier() throws Exception {
        start(FAST_RETRIES, """
                - name: auto
                  strategy: complexity
                  tiers:
                    simple: small
                    complex: large
                - name: small
                  provider: pa
                  model: small-model
                - name: large
                  provider: pc
                  model: large-model
                """);
        a.always(ok());
        c.always(ok());

        HttpResponse<String> simple = post(
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"What time is it in Paris?\"}]}");
        HttpResponse<String> complex = post(
                JSON.writeValueAsString(
                        Map.of(
                                "model",
                                "auto",
                                "messages",
                                List.of(
                                        Map.of(
                                                "role",
                                                "user",
                                                "content",
                                                "Analyze this code step by step, explain why it deadlocks and design a fix:\n```java\nclass A { synchronized void f() {} }\n```")))));

        assertThat(simple.headers().firstValue("x-gatehouse-tier")).contains("simple");
        assertThat(a.received()).hasSize(1);
        assertThat(complex.headers().firstValue("x-gatehouse-tier")).contains("complex");
        assertThat(c.lastReceived().body().path("model").asText()).isEqualTo("large-model");
    }

    @Test
    void weightedRoutingSplitsTrafficByWeight() throws Exception {
        start(FAST_RETRIES, """
                - name: smart
                  strategy: weighted
                  deployments:
                    - provider: pa
                      model: stable
                      weight: 80
                    - provider: pb
                      model: canary
                      weight: 20
                """);
        a.always(ok());
        b.always(ok());

        for (int i = 0; i < 400; i++) {
            post(HELLO);
        }

        // Binomial(400, 0.2): mean 80, sd 8; five sd either way.
        assertThat(b.received().size()).isBetween(40, 120);
        assertThat(a.received().size() + b.received().size()).isEqualTo(400);
    }

    @Test
    void healthEndpointShowsEachDeploymentsStateToAdminsOnly() throws Exception {
        start("""
                router:
                  retries: 0
                  health_check_interval: 0s
                  circuit_breaker:
                    consecutive_failures: 1
                    cooldown: 1h
                """, TWO_DEPLOYMENTS);
        a.always(error(500));
        b.always(ok());
        post(HELLO);

        HttpResponse<String> response = gateway.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/admin/v1/health"))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .GET()
                        .build());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode deployments = JSON.readTree(response.body()).path("deployments");
        JsonNode da = find(deployments, "pa/model-a");
        JsonNode db = find(deployments, "pb/model-b");
        assertThat(da.path("state").asText()).isEqualTo("open");
        assertThat(da.path("failures").asInt()).isEqualTo(1);
        assertThat(da.path("last_error").asText()).isNotBlank();
        assertThat(db.path("state").asText()).isEqualTo("closed");
        assertThat(db.path("successes").asInt()).isEqualTo(1);
        assertThat(db.path("ewma_ttft_ms").asDouble()).isPositive();
        assertThat(db.path("groups").get(0).asText()).isEqualTo("smart");

        HttpResponse<String> anonymous = gateway.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/admin/v1/health"))
                        .GET()
                        .build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private static JsonNode find(JsonNode deployments, String id) {
        for (JsonNode d : deployments) {
            if (d.path("id").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no deployment " + id + " in " + deployments);
    }
}
