package dev.gatehouse.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.Await;
import dev.gatehouse.testing.TestGateway;
import dev.gatehouse.testing.TwoInstances;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Budgets while Redis is unreachable, on two instances sharing one PostgreSQL and one Redis (behind
 * a proxy the test cuts): under {@code share} the two together spend at most the budget, and what
 * they spent counts in Redis once it is back; under {@code fail_closed} (the default) budgeted
 * requests get 503 during the outage and run again after it.
 */
class BudgetsDuringRedisOutageEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The configured price: $1,000 per million tokens, in and out, so a dollar buys 1,000 tokens. */
    private static final double USD_PER_TOKEN = 0.001;

    private static final int MAX_TOKENS = 40;

    private static String config(String stateLines) {
        return """
                providers:
                  mock:
                    type: mock
                    mock:
                      latency: 0ms
                      chunk_interval: 0ms
                      reply_words: 40
                models:
                  - name: metered
                    provider: mock
                    prices:
                      input: 1000
                      output: 1000
                @STORE_AND_STATE@
                %s""".formatted(stateLines);
    }

    /** One answer: its status, error code, request id and what it cost. */
    private record Outcome(int status, String code, String requestId, double usd) {}

    private static Outcome send(TestGateway to, String key) throws Exception {
        String body = "{\"model\":\"metered\",\"max_tokens\":" + MAX_TOKENS
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story about budgets\"}]}";
        HttpResponse<String> r = to.send(HttpRequest.newBuilder(URI.create(to.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        JsonNode json = JSON.readTree(r.body());
        String id = r.headers().firstValue("x-request-id").orElse("");
        if (r.statusCode() == 200) {
            JsonNode usage = json.path("usage");
            return new Outcome(
                    200,
                    "",
                    id,
                    (usage.path("prompt_tokens").asLong()
                                    + usage.path("completion_tokens").asLong())
                            * USD_PER_TOKEN);
        }
        assertThat(json.path("error").path("message").asText()).isNotEmpty();
        assertThat(json.path("error").path("type").asText()).isNotEmpty();
        return new Outcome(r.statusCode(), json.path("error").path("code").asText(), id, 0);
    }

    /** Waits until the answer's usage record is in the shared store, where the other instance can read it. */
    private static void awaitStored(TestGateway gateway, String requestId) throws InterruptedException {
        Await.until("usage record " + requestId + " stored", Duration.ofSeconds(10), () -> {
            gateway.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
            return gateway.server().usage().store().find(requestId) != null;
        });
    }

    @Test
    void underShareTwoInstancesTogetherSpendAtMostTheBudgetDuringAndAfterAnOutage() throws Exception {
        double budget = 0.5;
        try (TwoInstances two =
                TwoInstances.start(config("  budgets_on_redis_failure: share\n  instances: 2\n"), null, null)) {
            AdminClient admin = new AdminClient(two.a().port(), TestGateway.MASTER_KEY);
            JsonNode limits = admin.call("GET", "/admin/v1/limits", null).body();
            assertThat(limits.get("budgets_on_redis_failure").asText()).isEqualTo("share");
            assertThat(limits.get("instances").asInt()).isEqualTo(2);
            String key = admin.createKey("{\"max_budget\":" + budget + ",\"budget_duration\":\"day\"}")
                    .get("key")
                    .asText();
            two.awaitKnownToBoth(key);
            Outcome before = send(two.a(), key);
            assertThat(before.status()).isEqualTo(200);
            double worstCase = before.usd() + MAX_TOKENS * USD_PER_TOKEN;
            awaitStored(two.a(), before.requestId());
            double spent = before.usd();

            two.redis().cut();
            int admittedOnA = 0;
            int admittedOnB = 0;
            boolean refusedOnA = false;
            boolean refusedOnB = false;
            for (int i = 0; i < 100 && !(refusedOnA && refusedOnB); i++) {
                boolean onA = i % 2 == 0;
                Outcome o = send(onA ? two.a() : two.b(), key);
                if (o.status() == 200) {
                    spent += o.usd();
                    admittedOnA += onA ? 1 : 0;
                    admittedOnB += onA ? 0 : 1;
                } else {
                    assertThat(o.status()).isEqualTo(429);
                    assertThat(o.code()).isEqualTo("budget_exceeded:key");
                    refusedOnA |= onA;
                    refusedOnB |= !onA;
                }
            }
            System.out.printf(
                    "outage share: admitted A=%d B=%d, spent $%.4f of $%.2f%n",
                    admittedOnA, admittedOnB, spent, budget);
            assertThat(admittedOnA).isPositive();
            assertThat(admittedOnB).isPositive();
            assertThat(refusedOnA && refusedOnB).isTrue();
            assertThat(spent).isLessThanOrEqualTo(budget + worstCase);

            // Back: what each instance spent alone is added to the shared counter before anything more
            // is admitted against it, so the budget holds across the outage as a whole.
            two.redis().restore();
            for (int i = 0; i < 100; i++) {
                Outcome o = send(i % 2 == 0 ? two.a() : two.b(), key);
                if (o.status() != 200) {
                    assertThat(o.code()).isEqualTo("budget_exceeded:key");
                    break;
                }
                spent += o.usd();
            }
            System.out.printf("after the outage: spent $%.4f of $%.2f%n", spent, budget);
            assertThat(spent).isLessThanOrEqualTo(budget + worstCase);
        }
    }

    @Test
    void underFailClosedBudgetedRequestsAre503DuringAnOutageAndRunAfterIt() throws Exception {
        try (TwoInstances two = TwoInstances.start(config(""), null, null)) {
            AdminClient admin = new AdminClient(two.a().port(), TestGateway.MASTER_KEY);
            assertThat(admin.call("GET", "/admin/v1/limits", null)
                            .body()
                            .get("budgets_on_redis_failure")
                            .asText())
                    .isEqualTo("fail_closed");
            String budgeted = admin.createKey("{\"max_budget\":10,\"budget_duration\":\"day\"}")
                    .get("key")
                    .asText();
            String unbudgeted = admin.createKey("{}").get("key").asText();
            two.awaitKnownToBoth(budgeted);
            two.awaitKnownToBoth(unbudgeted);
            assertThat(send(two.a(), budgeted).status()).isEqualTo(200);
            assertThat(send(two.b(), budgeted).status()).isEqualTo(200);

            two.redis().cut();
            for (TestGateway instance : new TestGateway[] {two.a(), two.b()}) {
                Outcome refused = send(instance, budgeted);
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.code()).isEqualTo("budgets_unavailable");
                // Limits keep on_redis_failure (fail_open by default): a request under no budget runs.
                assertThat(send(instance, unbudgeted).status()).isEqualTo(200);
            }

            two.redis().restore();
            for (TestGateway instance : new TestGateway[] {two.a(), two.b()}) {
                Await.until(
                        "budgeted requests run again",
                        Duration.ofSeconds(10),
                        () -> Objects.equals(send(instance, budgeted).status(), 200));
            }
        }
    }
}
