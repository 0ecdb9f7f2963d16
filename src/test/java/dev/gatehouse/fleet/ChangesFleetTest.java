package dev.gatehouse.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.prompts.template.PromptTemplate;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fleet;
import dev.gatehouse.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an admin changes through one instance of a three-instance fleet is served by every instance
 * within a second: a revoked key, changed limits and budgets, a new key, a moved prompt label, a
 * guardrail policy. The news travels by Redis pub/sub (the key change bus). The second is measured
 * on each instance's served state (what its next request reads), polled in process, so the time a
 * probe request spends on a busy machine does not count; then a real request to every instance
 * shows the change end to end. Each test prints how long the slowest instance took.
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

    /**
     * Waits until {@code served} holds on every instance's state (within {@link #WITHIN}), prints the
     * time, then until {@code answered} holds for a real request to each.
     */
    private static void reachesEveryInstance(String what, Fleet.Check served, Fleet.Check answered)
            throws InterruptedException {
        Duration took = fleet.awaitEverywhere(what, WITHIN, served);
        System.out.printf("fleet change: %s served by all 3 instances after %d ms%n", what, took.toMillis());
        fleet.awaitEverywhere(what + " answered", Duration.ofSeconds(10), answered);
    }

    /** What instance {@code i} now serves for {@code secret}: its limits, budget and policies, or null. */
    private static Principal principal(int i, String secret) {
        return fleet.get(i).server().state().keys().lookup(secret);
    }

    /** What every instance now serves for {@code secret}. */
    private static Principal[] servedAs(String secret) {
        Principal[] seen = new Principal[fleet.size()];
        for (int i = 0; i < fleet.size(); i++) {
            seen[i] = principal(i, secret);
        }
        return seen;
    }

    @Test
    void aKeyRevokedOnOneInstanceIsRefusedEverywhereWithinOneSecond() throws Exception {
        JsonNode created = newKey("{}");
        String key = created.get("key").asText();

        assertThat(admin.call("DELETE", "/admin/v1/keys/" + created.get("id").asText(), null)
                        .status())
                .isEqualTo(200);
        reachesEveryInstance(
                "revocation",
                i -> principal(i, key) == null,
                i -> ask(i, key, "hi").statusCode() == 401);
    }

    @Test
    void aKeyCreatedOnOneInstanceIsServedEverywhereWithinOneSecond() throws Exception {
        String key = admin.createKey("{}").get("key").asText();

        reachesEveryInstance("new key", i -> principal(i, key) != null, i -> fleet.modelsStatus(i, key) == 200);
    }

    @Test
    void changedLimitsAndBudgetReachEveryInstanceWithinOneSecond() throws Exception {
        JsonNode created = newKey("{\"rpm_limit\":1000,\"max_budget\":100}");
        String key = created.get("key").asText();
        String id = created.get("id").asText();

        Principal[] before = servedAs(key);
        admin.call("PATCH", "/admin/v1/keys/" + id, "{\"rpm_limit\":7}");
        reachesEveryInstance(
                "changed rpm limit",
                i -> !principal(i, key).equals(before[i]),
                i -> ask(i, key, "hi")
                        .headers()
                        .firstValue("x-ratelimit-limit-requests")
                        .equals(java.util.Optional.of("7")));

        Principal[] limited = servedAs(key);
        admin.call("PATCH", "/admin/v1/keys/" + id, "{\"rpm_limit\":1000,\"max_budget\":0.000001}");
        reachesEveryInstance("changed budget", i -> !principal(i, key).equals(limited[i]), i -> {
            HttpResponse<String> answer = ask(i, key, "hi");
            return answer.statusCode() == 429 && answer.body().contains("budget_exceeded:key");
        });
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

        PromptTemplate before = fleet.get(0).server().state().prompts().find("moving");
        assertThat(admin.call("PUT", "/admin/v1/prompts/moving/labels/production", "{\"version\":2}")
                        .status())
                .isEqualTo(200);
        reachesEveryInstance(
                "moved prompt label",
                i -> !Objects.equals(fleet.get(i).server().state().prompts().find("moving"), before),
                i -> "moving@2".equals(promptServed(i)));
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

        Principal[] before = servedAs(key);
        AdminClient.Answer patched = admin.call(
                "PATCH", "/admin/v1/keys/" + created.get("id").asText(), "{\"guardrails\":{\"input\":[\"no-cards\"]}}");
        assertThat(patched.status()).as(String.valueOf(patched.body())).isEqualTo(200);
        reachesEveryInstance(
                "guardrail policy",
                i -> !principal(i, key).equals(before[i]),
                i -> ask(i, key, CARD).statusCode() == 400);
    }
}
