package dev.gatehouse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.Await;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Budget alerts through the real server: a key passes its soft budget, then is refused at its cap;
 * the engine fires {@code budget.soft_limit} and {@code budget.exceeded} once each to a signed JSON
 * webhook (retried with backoff on the gateway's clock while it fails) and a Slack webhook, lists
 * them at {@code GET /admin/v1/alerts}, and resolves them when the day's period ends.
 */
class BudgetAlertsEndToEndTest {

    private static final String SECRET = "whsec-test-0001";

    private final ManualClock clock = new ManualClock();
    private WebhookReceiver receiver;
    private TestGateway gateway;
    private AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver();
        gateway = TestGateway.start(clock, """
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
                alerts:
                  evaluate_every: 1h
                  webhooks:
                    - url: %s
                      format: json
                      secret: %s
                      backoff: 1s
                      # the delivery timeout runs on the test's clock, which jumps hours
                      timeout: 1h
                    - name: team-channel
                      url: %s
                      format: slack
                      events: [budget.exceeded]
                      timeout: 1h
                  rules:
                    - event: budget.soft_limit
                    - event: budget.exceeded
                # health probes time out on the test's clock, which jumps hours, before they answer
                router:
                  health_check_interval: 0s
                """.formatted(receiver.url("/json"), SECRET, receiver.url("/slack")));
        admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        receiver.close();
    }

    private static ChatCompletionCreateParams ask() {
        return ChatCompletionCreateParams.builder()
                .model("pricey")
                .addUserMessage("hello")
                .maxTokens(60)
                .build();
    }

    @Test
    void softAndHardBudgetAlertsFireOnceSignedRetriedAndResolveWhenThePeriodEnds() throws Exception {
        JsonNode key = admin.createKey("{\"max_budget\":0.2,\"soft_budget\":0.1,\"budget_duration\":\"day\"}");
        String keyId = key.get("id").asText();
        OpenAIClient client = gateway.client(key.get("key").asText());
        boolean refused = false;
        for (int i = 0; i < 50 && !refused; i++) {
            try {
                client.chat().completions().create(ask());
            } catch (RateLimitException e) {
                refused = true;
            }
        }
        assertThat(refused).as("the key reached its cap").isTrue();
        receiver.failNext("/json", 500, 503);

        clock.advance(Duration.ofHours(1));
        awaitRetries(1);
        assertThat(clock.pendingDelays())
                .as("the first retry waits the backoff, less up to half of jitter")
                .anyMatch(d -> d.compareTo(Duration.ofMillis(500)) >= 0 && d.compareTo(Duration.ofSeconds(1)) <= 0);
        clock.advance(Duration.ofSeconds(1));
        awaitRetries(2);
        assertThat(clock.pendingDelays())
                .as("the backoff doubled (less up to half of jitter)")
                .anyMatch(d -> d.compareTo(Duration.ofSeconds(1)) >= 0 && d.compareTo(Duration.ofSeconds(2)) <= 0);
        clock.advance(Duration.ofSeconds(2));
        Await.until(
                "soft and hard alerts delivered",
                Duration.ofSeconds(10),
                () -> receiver.received("/json").size() == 4
                        && receiver.received("/slack").size() == 1);

        List<WebhookReceiver.Received> json = receiver.received("/json");
        assertThat(json).extracting(WebhookReceiver.Received::answered).containsExactly(500, 503, 200, 200);
        assertThat(json.get(0).body())
                .as("a retry sends the same notification")
                .contains(json.get(2).json().path("alert").path("id").asText());
        for (WebhookReceiver.Received r : json) {
            assertThat(r.headers().get("x-gatehouse-signature")).isEqualTo("sha256=" + hmac(r.body()));
            assertThat(r.headers()).containsKey("x-gatehouse-timestamp");
        }
        List<String> events = json.subList(2, 4).stream()
                .map(r -> r.json().path("event").asText() + "/"
                        + r.json().path("state").asText())
                .toList();
        assertThat(events).containsExactlyInAnyOrder("budget.soft_limit/firing", "budget.exceeded/firing");
        JsonNode soft = json.stream()
                .map(WebhookReceiver.Received::json)
                .filter(j -> j.path("event").asText().equals("budget.soft_limit"))
                .findFirst()
                .orElseThrow()
                .path("alert");
        assertThat(soft.path("subject").path("scope").asText()).isEqualTo("key");
        assertThat(soft.path("subject").path("id").asText()).isEqualTo(keyId);
        assertThat(soft.path("threshold").asDouble()).isEqualTo(0.1);
        assertThat(soft.path("value").asDouble()).isGreaterThanOrEqualTo(0.1);
        JsonNode slack = receiver.received("/slack").get(0).json();
        assertThat(slack.path("text").asText())
                .contains("FIRING")
                .contains("budget.exceeded")
                .contains(keyId);
        assertThat(slack.path("blocks").get(0).path("type").asText()).isEqualTo("section");
        assertThat(slack.path("blocks").get(0).path("text").path("type").asText())
                .isEqualTo("mrkdwn");

        AdminClient.Answer listed = admin.call("GET", "/admin/v1/alerts?state=active", null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().path("object").asText()).isEqualTo("list");
        assertThat(listed.body().path("active").asInt()).isEqualTo(2);
        JsonNode first = listed.body().path("data").get(0);
        assertThat(first.fieldNames())
                .toIterable()
                .containsExactly(
                        "id",
                        "event",
                        "rule",
                        "severity",
                        "state",
                        "subject",
                        "summary",
                        "value",
                        "threshold",
                        "started_at",
                        "resolved_at",
                        "last_notified_at");
        assertThat(first.path("state").asText()).isEqualTo("firing");
        assertThat(first.path("resolved_at").isNull()).isTrue();
        assertThat(first.path("started_at").asText()).isEqualTo("2026-01-01T01:00:00Z");
        assertThat(first.path("last_notified_at").asText()).endsWith("Z");

        clock.advance(Duration.ofHours(1));
        assertThat(receiver.received("/json"))
                .as("still firing: no second notification")
                .hasSize(4);

        clock.advance(Duration.ofHours(22)); // to just past midnight, when the day's budgets end
        Await.until(
                "both resolved",
                Duration.ofSeconds(10),
                () -> receiver.received("/json").size() == 6
                        && receiver.received("/slack").size() == 2);
        assertThat(receiver.received("/json").subList(4, 6))
                .allSatisfy(r -> assertThat(r.json().path("state").asText()).isEqualTo("resolved"));
        assertThat(receiver.received("/slack").get(1).json().path("text").asText())
                .contains("RESOLVED");
        JsonNode after = admin.call("GET", "/admin/v1/alerts", null).body();
        assertThat(after.path("active").asInt()).isZero();
        assertThat(after.path("data")).hasSize(2);
        assertThat(after.path("data").get(0).path("resolved_at").asText()).isEqualTo("2026-01-02T00:00:00Z");
    }

    /** The JSON webhook's failed attempts so far have each set a retry timer. */
    private void awaitRetries(long n) throws InterruptedException {
        Await.until(
                n + " retries scheduled",
                Duration.ofSeconds(10),
                () -> gateway.server().alerts().deliveryCounts()[3] == n);
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
