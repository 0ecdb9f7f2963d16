package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.server.GatewayServer;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Active health checks, and config hot reload from the file and on demand. The gateway runs on a
 * manual clock: a test moves it to the next health check or file poll.
 */
class HealthAndReloadEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_KEY = "sk-plain-user-key-0000000001";

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final ManualClock clock = new ManualClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeUpstream a = new FakeUpstream();
    private final FakeUpstream b = new FakeUpstream();
    private GatewayServer server;
    private Path file;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            // Waits, so that the store and spool are closed before the @TempDir is deleted.
            server.stop().await(20, TimeUnit.SECONDS);
        }
        vertx.close().await(20, TimeUnit.SECONDS);
        a.close();
        b.close();
    }

    private void start(String yaml) throws Exception {
        file = Files.writeString(dir.resolve("gatehouse.yaml"), yaml);
        var config = new ConfigLoader(Map.of()).load(file);
        config = config.withServer(config.server().withPort(0).withMasterKey(TestGateway.MASTER_KEY))
                .withStore(new dev.gatehouse.config.StoreSettings(
                        dev.gatehouse.config.StoreSettings.Kind.SQLITE,
                        dir.resolve("g.db").toString(),
                        null,
                        null,
                        null,
                        2))
                .withUsage(config.usage().withSpoolDir(dir.resolve("spool")));
        server = GatewayServer.start(vertx, clock, config, 1, new GatewayServer.ConfigSource(file, Map.of()))
                .await(20, TimeUnit.SECONDS);
    }

    private String providers() {
        return """
                providers:
                  pa:
                    type: openai
                    base_url: %s
                  pb:
                    type: openai
                    base_url: %s
                """.formatted(a.baseUrl(), b.baseUrl());
    }

    private HttpResponse<String> chat(String model) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path, String key) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("authorization", "Bearer " + key)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode health() {
        try {
            return JSON.readTree(admin("GET", "/admin/v1/health", TestGateway.MASTER_KEY)
                            .body())
                    .path("deployments");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a test waits for after moving the clock: the HTTP calls a timer started take real time. */
    private static org.awaitility.core.ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void healthChecksTakeADeadProviderOutOfRotationBeforeUsersHitIt() throws Exception {
        a.always(FakeUpstream.json(503, Fixtures.text("openai/error-overloaded.json")));
        b.always(FakeUpstream.json(200, "{\"object\":\"list\",\"data\":[]}"));
        start("""
                router:
                  retries: 0
                  health_check_interval: 100ms
                  circuit_breaker:
                    consecutive_failures: 2
                    cooldown: 1h
                """ + providers() + """
                models:
                  - name: smart
                    deployments:
                      - provider: pa
                        model: model-a
                      - provider: pb
                        model: model-b
                """);

        clock.advance(Duration.ofMillis(100));
        eventually()
                .until(() -> health().path(0).path("failures").asInt() == 1
                        && health().path(1).path("last_health_check_ok").asBoolean());
        assertThat(health().path(0).path("state").asText())
                .as("one failed probe of two")
                .isEqualTo("closed");
        clock.advance(Duration.ofMillis(100));
        eventually().until(() -> health().path(0).path("state").asText().equals("open"));
        JsonNode deployments = health();
        assertThat(a.received()).allMatch(r -> r.path().equals("/v1/models"));
        assertThat(deployments.get(0).path("state").asText()).isEqualTo("open");
        assertThat(deployments.get(0).path("last_health_check_ok").asBoolean()).isFalse();
        assertThat(deployments.get(1).path("state").asText()).isEqualTo("closed");
        assertThat(deployments.get(1).path("last_health_check_ok").asBoolean()).isTrue();

        b.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        int probesOfA = a.received().size();
        HttpResponse<String> response = chat("smart");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gatehouse-attempts")).contains("1");
        assertThat(a.received().subList(probesOfA, a.received().size()))
                .noneMatch(r -> r.path().equals("/v1/chat/completions"));
    }

    @Test
    void probesThatCannotJudgeHealthNeverOpenTheBreakerOfAServingDeployment() throws Exception {
        a.onPath("/v1/models", FakeUpstream.json(401, Fixtures.text("openai/error-auth.json")));
        a.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        b.onPath("/v1/models", FakeUpstream.json(404, "{\"error\":{\"message\":\"Not Found\"}}"));
        b.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        start("""
                router:
                  retries: 0
                  health_check_interval: 100ms
                  circuit_breaker:
                    consecutive_failures: 2
                    cooldown: 1h
                """ + providers() + """
                models:
                  - name: smart
                    provider: pa
                  - name: other
                    provider: pb
                """);

        for (int probe = 1; probe <= 4; probe++) {
            int seen = probe;
            clock.advance(Duration.ofMillis(100));
            eventually()
                    .until(() -> a.received("/v1/models").size() >= seen
                            && b.received("/v1/models").size() >= seen);
            assertThat(chat("smart").statusCode()).isEqualTo(200);
        }

        eventually()
                .until(() -> health().path(0).path("last_health_check").asText().equals("inconclusive")
                        && health().path(1).path("last_health_check").asText().equals("inconclusive"));
        for (JsonNode deployment : health()) {
            assertThat(deployment.path("state").asText())
                    .as(deployment.toString())
                    .isEqualTo("closed");
            assertThat(deployment.path("failures").asInt())
                    .as(deployment.toString())
                    .isZero();
            assertThat(deployment.path("last_health_check_ok").isNull()).isTrue();
        }
        assertThat(chat("other").statusCode()).isEqualTo(200);
    }

    @Test
    void aProviderWithHealthChecksOffIsNeverProbed() throws Exception {
        a.always(FakeUpstream.json(503, Fixtures.text("openai/error-overloaded.json")));
        b.always(FakeUpstream.json(200, "{\"object\":\"list\",\"data\":[]}"));
        start("""
                router:
                  health_check_interval: 100ms
                providers:
                  pa:
                    type: openai
                    base_url: %s
                    health_check:
                      enabled: false
                  pb:
                    type: openai
                    base_url: %s
                    health_check:
                      path: /health/{model}
                      method: HEAD
                models:
                  - name: smart
                    deployments:
                      - provider: pa
                        model: model-a
                      - provider: pb
                        model: model/b
                """.formatted(a.baseUrl(), b.baseUrl()));

        clock.advance(Duration.ofMillis(100));
        eventually().until(() -> !b.received().isEmpty());
        clock.advance(Duration.ofMillis(100));
        eventually().until(() -> b.received().size() >= 2);

        assertThat(a.received()).as("pa is never probed").isEmpty();
        assertThat(b.received()).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("HEAD");
            assertThat(r.uri()).isEqualTo("/v1/health/model%2Fb");
        });
        assertThat(deployment("pa/model-a").path("last_health_check").isNull()).isTrue();
        assertThat(deployment("pb/model/b").path("last_health_check").asText()).isEqualTo("healthy");
    }

    private JsonNode deployment(String id) {
        for (JsonNode d : health()) {
            if (d.path("id").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no deployment " + id + " in " + health());
    }

    @Test
    void editingTheConfigFileChangesRoutingWithoutARestart() throws Exception {
        a.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        b.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        start("router:\n  health_check_interval: 0s\n" + providers() + """
                models:
                  - name: smart
                    provider: pa
                """);
        assertThat(chat("smart").headers().firstValue("x-gatehouse-provider")).contains("pa");
        assertThat(chat("fresh").statusCode()).isEqualTo(404);

        Files.writeString(file, "router:\n  health_check_interval: 0s\n" + providers() + """
                models:
                  - name: smart
                    provider: pb
                  - name: fresh
                    provider: pa
                """);

        clock.advance(Duration.ofSeconds(1));

        eventually()
                .until(() -> chat("smart")
                        .headers()
                        .firstValue("x-gatehouse-provider")
                        .orElse("")
                        .equals("pb"));
        assertThat(chat("fresh").statusCode()).isEqualTo(200);
    }

    @Test
    void anInvalidFileIsRejectedAndTheRunningConfigStays() throws Exception {
        a.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        start("router:\n  health_check_interval: 0s\n" + providers() + """
                models:
                  - name: smart
                    provider: pa
                keys:
                  - id: user
                    key: %s
                """.formatted(USER_KEY));
        Files.writeString(file, providers() + """
                models:
                  - name: smart
                    strategy: fastest-ever
                    provider: nowhere
                """);

        HttpResponse<String> rejected = admin("POST", "/admin/v1/config/reload", TestGateway.MASTER_KEY);

        assertThat(rejected.statusCode()).isEqualTo(400);
        JsonNode problems = JSON.readTree(rejected.body()).path("error").path("problems");
        assertThat(problems.findValuesAsText("path")).contains("models[0].strategy", "models[0].provider");
        assertThat(chat("smart").statusCode()).as("the old config still routes").isEqualTo(200);
        assertThat(admin("POST", "/admin/v1/config/reload", USER_KEY).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aReloadDoesNotDropRequestsInFlight() throws Exception {
        a.always(new FakeUpstream.Respond(
                200, "application/json", Fixtures.text("openai/chat-hello.json"), Map.of(), Duration.ofMillis(800)));
        b.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        start("router:\n  health_check_interval: 0s\n" + providers() + "models:\n  - name: smart\n    provider: pa\n");

        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return chat("smart");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        eventually().until(() -> !a.received().isEmpty());
        Files.writeString(
                file,
                "router:\n  health_check_interval: 0s\n" + providers()
                        + "models:\n  - name: smart\n    provider: pb\n");
        HttpResponse<String> reloaded = admin("POST", "/admin/v1/config/reload", TestGateway.MASTER_KEY);

        assertThat(reloaded.statusCode()).isEqualTo(200);
        assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(chat("smart").headers().firstValue("x-gatehouse-provider")).contains("pb");
    }
}
