package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.Await;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code /readyz} waits for the warm-up, and the warm-up runs the request path without leaving a
 * trace in the gateway: no usage record, no request counted against a limit, no spend, no metric,
 * no call to a configured provider.
 */
class WarmUpEndToEndTest {

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeUpstream upstream = new FakeUpstream();
    private final ListAppender<ILoggingEvent> rehearsalLog = new ListAppender<>();
    private GatewayServer server;

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(Rehearsal.class)).detachAppender(rehearsalLog);
        if (server != null) {
            server.stop().await(20, TimeUnit.SECONDS);
        }
        vertx.close().await(20, TimeUnit.SECONDS);
        upstream.close();
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyzWaitsForTheWarmUpWhichLeavesNoUsageNoLimitOrSpendNoMetricAndNoProviderCall() throws Exception {
        upstream.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        rehearsalLog.start();
        ((Logger) LoggerFactory.getLogger(Rehearsal.class)).addAppender(rehearsalLog);
        // One request a minute, and a budget that a single real request's worst case ($1: one output
        // token at $1) fits only while nothing has been spent: a warm-up that touched either would
        // get the first real request refused.
        GatewayConfig config = new ConfigLoader(Map.of()).parse("""
                providers:
                  up:
                    type: openai
                    base_url: %s
                models:
                  - name: "*"
                    provider: up
                limits:
                  rpm_limit: 1
                  max_budget: 1.5
                prices:
                  gpt-4o-mini:
                    input: 0
                    output: 1000000
                """.formatted(upstream.baseUrl()), "test config");
        config = config.withServer(config.server().withPort(0).withMasterKey(TestGateway.MASTER_KEY))
                .withStore(new StoreSettings(
                        StoreSettings.Kind.SQLITE, dir.resolve("g.db").toString(), null, null, null, 2))
                .withUsage(config.usage().withSpoolDir(dir.resolve("spool")));
        Promise<Void> curtain = Promise.promise();
        WarmUp heldBack = (v, stopping) -> curtain.future().compose(go -> new Rehearsal().run(v, stopping));

        server = GatewayServer.start(vertx, config, 1, null, heldBack).await(20, TimeUnit.SECONDS);

        HttpResponse<String> warming = get("/readyz", null);
        assertThat(warming.statusCode()).isEqualTo(503);
        assertThat(Json.parse(warming.body()).path("status").asText()).isEqualTo("warming_up");
        assertThat(get("/healthz", null).statusCode())
                .as("alive while warming up")
                .isEqualTo(200);

        curtain.complete();

        Await.until(
                "ready after the warm-up",
                Duration.ofSeconds(30),
                () -> get("/readyz", null).statusCode() == 200);
        assertThat(rehearsalLog.list)
                .as("the rehearsal ran to its end")
                .anyMatch(e -> e.getFormattedMessage().startsWith("warm-up done"));
        assertThat(upstream.received()).as("no configured provider was called").isEmpty();
        assertThat(get("/metrics", null).body()).doesNotContain("gatehouse_requests_total{");

        HttpResponse<String> real = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .header("content-type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"model\":\"gpt-4o-mini\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(real.statusCode())
                .as("the first real request is within the limit and the budget: " + real.body())
                .isEqualTo(200);
        assertThat(upstream.received()).hasSize(1);

        server.usage().writer().flushed().get(10, TimeUnit.SECONDS);
        JsonNode rows = Json.parse(
                        get("/admin/v1/usage", TestGateway.MASTER_KEY).body())
                .path("data");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("requests").asLong())
                .as("the real request's record alone")
                .isEqualTo(1);
        assertThat(get("/metrics", null).body().lines())
                .filteredOn(line -> line.startsWith("gatehouse_requests_total{"))
                .singleElement()
                .asString()
                .contains("path=\"/v1/chat/completions\"", "provider=\"up\"", "status=\"2xx\"")
                .endsWith(" 1.0");
    }
}
