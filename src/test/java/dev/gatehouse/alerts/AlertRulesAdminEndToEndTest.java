package dev.gatehouse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.testing.TestGateway;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Alert rules through the admin API and the config: a bad rule list is refused with every
 * problem's path and changes nothing; a good one is in force at once; a config with a bad
 * {@code alerts:} section is refused with paths.
 */
class AlertRulesAdminEndToEndTest {

    @Test
    void rulesAreValidatedWithPathsAndReplacedAtRuntime() throws Exception {
        try (TestGateway gateway = TestGateway.start("providers: {mock: {type: mock}}\n")) {
            AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
            JsonNode defaults =
                    admin.call("GET", "/admin/v1/alerts/rules", null).body();
            assertThat(defaults.path("source").asText()).isEqualTo("config");
            assertThat(defaults.path("rules")).hasSize(8);

            AdminClient.Answer bad = admin.call("PUT", "/admin/v1/alerts/rules", """
                    {"rules":[{"event":"deployment.error_spike","threshold":2,"min_usd":1},
                              {"event":"budget.everything"},
                              {"event":"cost.anomaly","scopes":["user"],"window":"2h","baseline":"1h"}]}""");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body().path("error").path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(bad.body().path("error").path("problems").findValuesAsText("path"))
                    .contains(
                            "rules[0].threshold",
                            "rules[0].min_usd",
                            "rules[1].event",
                            "rules[2].scopes",
                            "rules[2].baseline");
            assertThat(admin.call("GET", "/admin/v1/alerts/rules", null).body().path("rules"))
                    .hasSize(8);

            AdminClient.Answer good = admin.call("PUT", "/admin/v1/alerts/rules", """
                    {"rules":[{"name":"team-burn","event":"cost.anomaly","factor":5,"severity":"critical",
                               "scopes":["team"]}]}""");
            assertThat(good.status()).isEqualTo(200);
            assertThat(good.body().path("source").asText()).isEqualTo("admin");
            JsonNode rule = good.body().path("rules").get(0);
            assertThat(rule.path("name").asText()).isEqualTo("team-burn");
            assertThat(rule.path("factor").asDouble()).isEqualTo(5);
            assertThat(rule.path("severity").asText()).isEqualTo("critical");
            assertThat(rule.path("window").asText()).isEqualTo("3600s");
            assertThat(gateway.server().alerts().rules()).hasSize(1);

            AdminClient.Answer list = admin.call("GET", "/admin/v1/alerts?state=sideways", null);
            assertThat(list.status()).isEqualTo(400);
            assertThat(list.body().path("error").path("param").asText()).isEqualTo("state");
            assertThat(admin.call("GET", "/admin/v1/alerts", null, "sk-not-an-admin")
                            .status())
                    .isEqualTo(401);
        }
    }

    @Test
    void aBadAlertsSectionIsRefusedWithPaths() {
        try {
            new ConfigLoader(Map.of()).parse("""
                    alerts:
                      evaluate_every: 1ms
                      webhooks:
                        - url: ftp://example.com
                          format: teams
                        - url: https://events.pagerduty.com/v2/enqueue
                          format: pagerduty
                      rules:
                        - event: budget.soft_limit
                          window: 5m
                        - event: budget.soft_limit
                    """, "test");
            throw new AssertionError("the config was accepted");
        } catch (ConfigException e) {
            assertThat(e.problems())
                    .extracting(p -> p.path())
                    .contains(
                            "alerts.evaluate_every",
                            "alerts.webhooks[0].url",
                            "alerts.webhooks[0].format",
                            "alerts.webhooks[1].routing_key",
                            "alerts.rules[0].window",
                            "alerts.rules");
        }
    }
}
