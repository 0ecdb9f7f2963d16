package dev.gatehouse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testing.Await;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deployment alerts through the real server in front of a failing provider: the error spike, the
 * opened circuit breaker and the model left without a deployment fire to a PagerDuty Events v2
 * webhook, and resolve (one {@code resolve} per {@code dedup_key}) once the provider answers again.
 * A slow provider fires the latency spike.
 */
class DeploymentAlertsEndToEndTest {

    private static final String CHAT =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String OK = """
            {"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";

    @Test
    void errorSpikeCircuitOpenAndModelUnavailableTriggerAndResolveOnPagerDuty() throws Exception {
        ManualClock clock = new ManualClock();
        try (WebhookReceiver receiver = new WebhookReceiver();
                FakeUpstream upstream = new FakeUpstream()) {
            upstream.always(FakeUpstream.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
            try (TestGateway gateway =
                    TestGateway.start(clock, """
                    router:
                      retries: 0
                      health_check_interval: 0s
                      circuit_breaker:
                        consecutive_failures: 3
                        cooldown: 1m
                    providers:
                      flaky:
                        type: openai
                        base_url: %s
                    models:
                      - name: gpt-4o-mini
                        provider: flaky
                    alerts:
                      evaluate_every: 10s
                      webhooks:
                        - url: %s
                          format: pagerduty
                          routing_key: R0UTINGKEY
                          # the delivery timeout runs on the test's clock, which jumps minutes while a
                          # delivery is on the wire
                          timeout: 1h
                      rules:
                        - event: deployment.error_spike
                          threshold: 0.5
                          window: 1m
                          min_requests: 3
                        - event: deployment.circuit_open
                        - event: model.unavailable
                    """.formatted(upstream.baseUrl(), receiver.url("/pd")))) {
                for (int i = 0; i < 3; i++) {
                    assertThat(gateway.post("/v1/chat/completions", "application/json", CHAT)
                                    .statusCode())
                            .isGreaterThanOrEqualTo(500);
                }
                clock.advance(Duration.ofSeconds(10));
                Await.until(
                        "three triggers",
                        Duration.ofSeconds(10),
                        () -> receiver.received("/pd").size() == 3);
                List<JsonNode> triggers = receiver.received("/pd").stream()
                        .map(WebhookReceiver.Received::json)
                        .toList();
                assertThat(triggers).allSatisfy(t -> {
                    assertThat(t.path("routing_key").asText()).isEqualTo("R0UTINGKEY");
                    assertThat(t.path("event_action").asText()).isEqualTo("trigger");
                    assertThat(t.path("dedup_key").asText()).startsWith("alt_");
                    assertThat(t.path("payload").path("source").asText()).isEqualTo("gatehouse");
                    assertThat(t.path("payload").path("summary").asText()).isNotBlank();
                    assertThat(t.path("payload").path("severity").asText()).isIn("critical", "warning");
                });
                assertThat(triggers)
                        .extracting(t -> t.path("payload").path("class").asText() + " "
                                + t.path("payload").path("component").asText())
                        .containsExactlyInAnyOrder(
                                "deployment.error_spike flaky/gpt-4o-mini",
                                "deployment.circuit_open flaky/gpt-4o-mini",
                                "model.unavailable gpt-4o-mini");

                clock.advance(Duration.ofSeconds(30));
                assertThat(receiver.received("/pd"))
                        .as("fires once per condition")
                        .hasSize(3);

                upstream.always(FakeUpstream.json(200, OK, Map.of()));
                clock.advance(Duration.ofMinutes(1));
                assertThat(gateway.post("/v1/chat/completions", "application/json", CHAT)
                                .statusCode())
                        .as("the half-open breaker's probe succeeds")
                        .isEqualTo(200);
                clock.advance(Duration.ofMinutes(1));
                Await.until(
                        "three resolves",
                        Duration.ofSeconds(10),
                        () -> receiver.received("/pd").size() == 6);
                List<JsonNode> resolves = receiver.received("/pd").subList(3, 6).stream()
                        .map(WebhookReceiver.Received::json)
                        .toList();
                assertThat(resolves)
                        .allSatisfy(
                                r -> assertThat(r.path("event_action").asText()).isEqualTo("resolve"));
                assertThat(resolves)
                        .extracting(r -> r.path("dedup_key").asText())
                        .containsExactlyInAnyOrderElementsOf(triggers.stream()
                                .map(t -> t.path("dedup_key").asText())
                                .toList());
            }
        }
    }

    @Test
    void aSlowDeploymentFiresTheLatencySpike() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
                FakeUpstream upstream = new FakeUpstream()) {
            upstream.always(new FakeUpstream.Respond(200, "application/json", OK, Map.of(), Duration.ofMillis(300)));
            try (TestGateway gateway = TestGateway.start("""
                    providers:
                      slow:
                        type: openai
                        base_url: %s
                    models:
                      - name: gpt-4o-mini
                        provider: slow
                    alerts:
                      evaluate_every: 100ms
                      webhooks:
                        - url: %s
                      rules:
                        - event: deployment.latency_spike
                          threshold: 150
                          window: 1m
                          min_requests: 2
                    """.formatted(upstream.baseUrl(), receiver.url("/json")))) {
                for (int i = 0; i < 2; i++) {
                    assertThat(gateway.post("/v1/chat/completions", "application/json", CHAT)
                                    .statusCode())
                            .isEqualTo(200);
                }
                Await.until(
                        "latency spike",
                        Duration.ofSeconds(10),
                        () -> receiver.received("/json").size() == 1);
                JsonNode alert = receiver.received("/json").get(0).json().path("alert");
                assertThat(alert.path("event").asText()).isEqualTo("deployment.latency_spike");
                assertThat(alert.path("subject").path("id").asText()).isEqualTo("slow/gpt-4o-mini");
                assertThat(alert.path("value").asDouble()).isGreaterThanOrEqualTo(300 / 1.25);
                assertThat(alert.path("threshold").asDouble()).isEqualTo(150);
            }
        }
    }
}
