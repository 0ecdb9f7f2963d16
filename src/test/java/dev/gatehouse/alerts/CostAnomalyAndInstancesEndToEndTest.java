package dev.gatehouse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.Await;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import dev.gatehouse.testing.TwoInstances;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A team's spend jumping far above its trailing baseline fires {@code cost.anomaly} on the injected
 * clock and resolves when the hour passes; two instances on Redis that both see a global budget
 * pass its soft limit deliver the alert, and its resolution, exactly once.
 */
class CostAnomalyAndInstancesEndToEndTest {

    private static final String MOCK = """
            providers:
              mock:
                type: mock
                mock:
                  chunk_interval: 0ms
                  reply_words: 20
            models:
              - name: pricey
                provider: mock
                prices:
                  input: 1000
                  output: 1000
            # The tests move the clock by hours: every probe's timeout, on that clock, would fall due
            # before the real probe answers, and five "failed" probes open the breaker.
            router:
              health_check_interval: 0s
            """;

    private static ChatCompletionCreateParams ask() {
        return ChatCompletionCreateParams.builder()
                .model("pricey")
                .addUserMessage("hello")
                .maxTokens(20)
                .build();
    }

    @Test
    void aTeamSpendingFarAboveItsBaselineFiresCostAnomalyThenResolves() throws Exception {
        ManualClock clock = new ManualClock();
        try (WebhookReceiver receiver = new WebhookReceiver();
                TestGateway gateway = TestGateway.start(clock, MOCK + """
                        alerts:
                          evaluate_every: 5m
                          webhooks:
                            - url: %s
                              events: [cost.anomaly]
                              # the delivery timeout runs on the test's clock, which jumps hours
                              timeout: 1h
                          rules:
                            - event: cost.anomaly
                              factor: 3
                              window: 1h
                              baseline: 3h
                              min_usd: 0.01
                              scopes: [team]
                        """.formatted(receiver.url("/json")))) {
            AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
            admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"research\"}");
            OpenAIClient client = gateway.client(
                    admin.createKey("{\"team_id\":\"research\"}").get("key").asText());
            for (int hour = 0; hour < 3; hour++) {
                client.chat().completions().create(ask());
                clock.advance(Duration.ofHours(1));
            }
            assertThat(receiver.all()).as("steady spend is no anomaly").isEmpty();

            for (int i = 0; i < 10; i++) {
                client.chat().completions().create(ask());
            }
            clock.advance(Duration.ofMinutes(5));
            Await.until(
                    "cost anomaly", Duration.ofSeconds(10), () -> receiver.all().size() == 1);
            JsonNode fired = receiver.all().get(0).json();
            assertThat(fired.path("state").asText()).isEqualTo("firing");
            JsonNode alert = fired.path("alert");
            assertThat(alert.path("event").asText()).isEqualTo("cost.anomaly");
            assertThat(alert.path("subject").path("scope").asText()).isEqualTo("team");
            assertThat(alert.path("subject").path("id").asText()).isEqualTo("research");
            assertThat(alert.path("threshold").asDouble())
                    .as("three times the baseline, above min_usd")
                    .isGreaterThan(0.01);
            assertThat(alert.path("value").asDouble())
                    .isGreaterThan(alert.path("threshold").asDouble());
            assertThat(alert.path("summary").asText()).contains("Team research spent");

            clock.advance(Duration.ofHours(1));
            Await.until("resolved", Duration.ofSeconds(10), () -> receiver.all().size() == 2);
            assertThat(receiver.all().get(1).json().path("state").asText()).isEqualTo("resolved");
        }
    }

    @Test
    void twoInstancesOnRedisDeliverEachTransitionOnce() throws Exception {
        ManualClock clockA = new ManualClock();
        ManualClock clockB = new ManualClock();
        try (WebhookReceiver receiver = new WebhookReceiver();
                TwoInstances both = TwoInstances.start(MOCK + """
                        @STORE_AND_STATE@
                          key_poll_interval: 0s
                        limits:
                          max_budget: 1000
                          soft_budget: 0.01
                          budget_duration: day
                        alerts:
                          evaluate_every: 1h
                          webhooks:
                            - url: %s
                              events: [budget.soft_limit]
                              timeout: 1h
                        """.formatted(receiver.url("/json")), clockA, clockB)) {
            for (TestGateway g : new TestGateway[] {both.a(), both.b()}) {
                for (int i = 0; i < 3; i++) {
                    g.client().chat().completions().create(ask());
                }
            }
            clockA.advance(Duration.ofHours(1));
            clockB.advance(Duration.ofHours(1));
            Await.until("fired", Duration.ofSeconds(10), () -> receiver.all().size() >= 1);
            Await.until(
                    "both instances list it under one id",
                    Duration.ofSeconds(10),
                    () -> idOn(both.a()).equals(idOn(both.b())));
            clockA.advance(Duration.ofHours(1));
            clockB.advance(Duration.ofHours(1));

            clockA.advance(Duration.ofHours(22));
            clockB.advance(Duration.ofHours(22));
            Await.until("resolved", Duration.ofSeconds(10), () -> receiver.all().size() >= 2);
            clockA.advance(Duration.ofHours(1));
            clockB.advance(Duration.ofHours(1));
            assertThat(receiver.all())
                    .extracting(r -> r.json().path("state").asText())
                    .as("one firing and one resolved notification from the two instances")
                    .containsExactly("firing", "resolved");
            assertThat(receiver.all().get(0).json().path("alert").path("id").asText())
                    .isEqualTo(receiver.all()
                            .get(1)
                            .json()
                            .path("alert")
                            .path("id")
                            .asText());
        }
    }

    private static String idOn(TestGateway g) throws Exception {
        JsonNode data = new AdminClient(g.port(), TestGateway.MASTER_KEY)
                .call("GET", "/admin/v1/alerts?state=all", null)
                .body()
                .path("data");
        return data.isEmpty() ? "" : data.get(0).path("id").asText();
    }
}
