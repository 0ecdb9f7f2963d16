package dev.gatehouse.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fleet;
import dev.gatehouse.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an admin changes through one instance of a three-instance fleet is served by every instance
 * within a second: a revoked key, changed limits and budgets, a new key, a moved prompt label, a
 * guardrail policy. The news travels by Redis pub/sub (the key change bus); each test prints how
 * long the slowest instance took.
 */
class ChangesFleetTest {

    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final String CARD = "my card is 4111 1111 1111 1111";

    private static FakeUpstream upstream;
    private static Fleet fleet;
    private static AdminClient admin;

    @BeforeAll
    static void start() {
        upstream = FleetConfigs.upstream();
        fleet = Fleet.start(3, FleetConfigs.metered(upstream, """
                guardrails:
                  - name: no-cards
                    type: pii
                    default_action: log_only
                    entities: {card: block}
                """));
        admin = new AdminClient(fleet.get(0).port(), TestGateway.MASTER_KEY);
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static HttpResponse<String> ask(int instance, String key, String text) throws Exception {
        return fleet.send(fleet.chat(instance, key, FleetConfigs.ask(text, 5)).build());
    }

    private static JsonNode newKey(String body) throws Exception {
        JsonNode created = admin.createKey(body);
        fleet.awaitKnownEverywhere(created.get("key").asText());
        return created;
    }

    private static void report(String what, Duration took) {
        System.out.printf("fleet change: %s reached all 3 instances in %d ms%n", what, took.toMillis());
    }

    @Test
    void aKeyRevokedOnOneInstanceIsRefusedEverywhereWithinOneSecond() throws Exception {
        JsonNode created = newKey("{}");
        String key = created.get("key").asText();

        assertThat(admin.call("DELETE", "/admin/v1/keys/" + created.get("id").asText(), null)
                        .status())
                .isEqualTo(200);
        Duration took = fleet.awaitEverywhere(
                "revocation", WITHIN, i -> ask(i, key, "hi").statusCode() == 401);
        report("revocation", took);
    }

    @Test
    void aKeyCreatedOnOneInstanceIsServedEverywhereWithinOneSecond() throws Exception {
        String key = admin.createKey("{}").get("key").asText();

        Duration took = fleet.awaitEverywhere("new key", WITHIN, i -> fleet.modelsStatus(i, key) == 200);
        report("new key", took);
    }

    @Test
    void changedLimitsAndBudgetReachEveryInstanceWithinOneSecond() throws Exception {
        JsonNode created = newKey("{\"rpm_limit\":1000,\"max_budget\":100}");
        String key = created.get("key").asText();
        String id = created.get("id").asText();

        admin.call("PATCH", "/admin/v1/keys/" + id, "{\"rpm_limit\":7}");
        Duration limits = fleet.awaitEverywhere(
                "rpm limit 7",
                WITHIN,
                i -> ask(i, key, "hi")
                        .headers()
                        .firstValue("x-ratelimit-limit-requests")
                        .equals(java.util.Optional.of("7")));
        report("changed rpm limit", limits);

        admin.call("PATCH", "/admin/v1/keys/" + id, "{\"rpm_limit\":1000,\"max_budget\":0.000001}");
        Duration budget = fleet.awaitEverywhere("budget nearly zero", WITHIN, i -> {
            HttpResponse<String> answer = ask(i, key, "hi");
            return answer.statusCode() == 429 && answer.body().contains("budget_exceeded:key");
        });
        report("changed budget", budget);
    }

    @Test
    void aMovedPromptLabelIsServedEverywhereWithinOneSecond() throws Exception {
        assertThat(admin.call("POST", "/admin/v1/prompts", """
                        {"id":"moving","version":{"messages":[{"role":"user","content":"v1 {{x}}"}]},
                         "labels":{"production":1}}""").status()).isEqualTo(201);
        assertThat(admin.call(
                                "POST",
                                "/admin/v1/prompts/moving/versions",
                                "{\"messages\":[{\"role\":\"user\",\"content\":\"v2 {{x}}\"}]}")
                        .status())
                .isEqualTo(201);
        fleet.awaitEverywhere("prompt v1", Duration.ofSeconds(10), i -> "moving@1".equals(promptServed(i)));

        assertThat(admin.call("PUT", "/admin/v1/prompts/moving/labels/production", "{\"version\":2}")
                        .status())
                .isEqualTo(200);
        Duration took = fleet.awaitEverywhere("label moved", WITHIN, i -> "moving@2".equals(promptServed(i)));
        report("moved prompt label", took);
    }

    private static String promptServed(int instance) throws Exception {
        HttpResponse<String> answer = fleet.send(fleet.chat(
                        instance,
                        TestGateway.MASTER_KEY,
                        "{\"model\":\"metered\",\"prompt\":{\"id\":\"moving\",\"variables\":{\"x\":\"a\"}}}")
                .build());
        return answer.headers().firstValue("x-gatehouse-prompt").orElse(answer.statusCode() + " " + answer.body());
    }

    @Test
    void aGuardrailPolicySetOnOneInstanceIsEnforcedEverywhereWithinOneSecond() throws Exception {
        JsonNode created = newKey("{}");
        String key = created.get("key").asText();
        for (int i = 0; i < fleet.size(); i++) {
            assertThat(ask(i, key, CARD).statusCode()).isEqualTo(200);
        }

        AdminClient.Answer patched = admin.call(
                "PATCH", "/admin/v1/keys/" + created.get("id").asText(), "{\"guardrails\":{\"input\":[\"no-cards\"]}}");
        assertThat(patched.status()).as(String.valueOf(patched.body())).isEqualTo(200);
        Duration took = fleet.awaitEverywhere(
                "guardrail policy", WITHIN, i -> ask(i, key, CARD).statusCode() == 400);
        report("guardrail policy", took);
    }
}
