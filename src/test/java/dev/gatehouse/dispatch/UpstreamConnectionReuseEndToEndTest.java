package dev.gatehouse.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.KeepAliveUpstream;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pooled connections to providers against servers that close idle connections: the gateway stops
 * reusing a connection after {@code keep_alive}, and a request whose reused connection the provider
 * closes before answering is resent at once on a fresh connection, without failing, using a retry,
 * or counting against the deployment's breaker.
 */
class UpstreamConnectionReuseEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @ParameterizedTest
    @EnumSource(KeepAliveUpstream.Close.class)
    void aPooledConnectionTheProviderClosedIsResentOnAFreshOneAndBlamesNobody(KeepAliveUpstream.Close close)
            throws Exception {
        try (KeepAliveUpstream upstream =
                        new KeepAliveUpstream(Duration.ZERO, close, Fixtures.text("openai/chat-hello.json"));
                TestGateway gateway = TestGateway.start("""
                        router:
                          retries: 0
                          health_check_interval: 0s
                          circuit_breaker:
                            consecutive_failures: 1
                            cooldown: 1h
                        providers:
                          node:
                            type: openai
                            base_url: %s
                            timeouts:
                              keep_alive: 1h
                        models:
                          - name: gpt-4o-mini
                            provider: node
                        """.formatted(upstream.baseUrl()))) {

            for (int i = 0; i < 12; i++) {
                HttpResponse<String> response = gateway.post("/v1/chat/completions", "application/json", CHAT);

                assertThat(response.statusCode())
                        .as("request %d: %s", i, response.body())
                        .isEqualTo(200);
                assertThat(response.headers().firstValue("x-gatehouse-attempts"))
                        .as("the resend is not a retry")
                        .contains("1");
            }

            assertThat(upstream.closedUnderARequest())
                    .as("the provider did close reused connections under requests")
                    .isPositive();
            assertThat(upstream.answered()).isEqualTo(12);
            JsonNode deployment = health(gateway).path(0);
            assertThat(deployment.path("state").asText()).isEqualTo("closed");
            assertThat(deployment.path("failures").asInt()).isZero();
        }
    }

    @Test
    void aConnectionIdleForKeepAliveIsNotReused() throws Exception {
        ManualClock clock = new ManualClock();
        try (FakeUpstream upstream = new FakeUpstream();
                TestGateway gateway = TestGateway.start(clock, """
                        router:
                          health_check_interval: 0s
                        providers:
                          node:
                            type: openai
                            base_url: %s
                            timeouts:
                              keep_alive: 3s
                        models:
                          - name: gpt-4o-mini
                            provider: node
                        """.formatted(upstream.baseUrl()))) {
            upstream.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));

            assertThat(gateway.post("/v1/chat/completions", "application/json", CHAT)
                            .statusCode())
                    .isEqualTo(200);
            clock.advance(Duration.ofMillis(2900));
            assertThat(gateway.post("/v1/chat/completions", "application/json", CHAT)
                            .statusCode())
                    .isEqualTo(200);
            clock.advance(Duration.ofSeconds(3));
            assertThat(gateway.post("/v1/chat/completions", "application/json", CHAT)
                            .statusCode())
                    .isEqualTo(200);

            var received = upstream.received();
            assertThat(received.get(1).connection())
                    .as("idle for less than keep_alive: reused")
                    .isEqualTo(received.get(0).connection());
            assertThat(received.get(2).connection())
                    .as("idle for keep_alive: a new connection")
                    .isNotEqualTo(received.get(1).connection());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !upstream.connectionClosedNanos().isEmpty());
        }
    }

    @Test
    void consecutiveRequestsShareOneConnectionUnlessTheProviderSaidItWouldClose() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream();
                TestGateway gateway = TestGateway.start("""
                        router:
                          health_check_interval: 0s
                        providers:
                          node:
                            type: openai
                            base_url: %s
                        models:
                          - name: gpt-4o-mini
                            provider: node
                        """.formatted(upstream.baseUrl()))) {
            String hello = Fixtures.text("openai/chat-hello.json");
            upstream.then(FakeUpstream.json(200, hello))
                    .then(FakeUpstream.json(200, hello))
                    .then(FakeUpstream.json(200, hello, Map.of("connection", "close")))
                    .then(FakeUpstream.json(200, hello))
                    .then(FakeUpstream.json(200, hello));

            for (int i = 0; i < 5; i++) {
                assertThat(gateway.post("/v1/chat/completions", "application/json", CHAT)
                                .statusCode())
                        .isEqualTo(200);
            }

            var received = upstream.received();
            assertThat(received.get(1).connection()).isEqualTo(received.get(0).connection());
            assertThat(received.get(2).connection()).isEqualTo(received.get(1).connection());
            assertThat(received.get(3).connection())
                    .as("after Connection: close, a new connection")
                    .isNotEqualTo(received.get(2).connection());
            assertThat(received.get(4).connection()).isEqualTo(received.get(3).connection());
        }
    }

    private static JsonNode health(TestGateway gateway) throws Exception {
        HttpResponse<String> response = gateway.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/admin/v1/health"))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .build());
        return JSON.readTree(response.body()).path("deployments");
    }
}
