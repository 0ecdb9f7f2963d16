package dev.gatehouse.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.metering.RequestSummary;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cardinality guard: keys, teams, tags and models past their limits are reported as {@code other},
 * so every family stays at the limit plus one series per label however many clients there are.
 */
class MetricsCardinalityTest {

    private static final String MOCK = "providers:\n  m:\n    type: mock\nmodels:\n  - name: \"*\"\n    provider: m\n";

    /** The families labelled by key; each must hold at most max_keys + 1 key values. */
    private static final List<String> BY_KEY = List.of(
            "gatehouse_requests_total",
            "gatehouse_tokens_total",
            "gatehouse_cost_usd_total",
            "gatehouse_limit_refusals_total");

    @Test
    void tenThousandKeysTeamsTagsAndModelsStayBoundedAtTheLimitPlusOther() throws Exception {
        GatewayConfig config = new ConfigLoader(Map.of())
                .parse(MOCK + "metrics:\n  max_keys: 1000\n  max_tags: 100\n  max_models: 50\n", "test.yaml");
        GatewayMetrics metrics = new GatewayMetrics();
        for (int i = 0; i < 10_000; i++) {
            UsageRecord record = UsageRecord.builder()
                    .requestId("r" + i)
                    .keyId("key-" + i)
                    .teamId("team-" + i)
                    .tags(List.of("tag-" + i))
                    .publicModel("model-" + i)
                    .provider("m")
                    .deployment("m/model-" + i)
                    .inputTokens(10)
                    .outputTokens(5)
                    .costUsd(0.001)
                    .latencyMs(12)
                    .ttftMs(3.0)
                    .status(i % 10 == 0 ? 429 : 200)
                    .errorType(i % 10 == 0 ? "rate_limit_exceeded:key:rpm:model-" + i : null)
                    .attempts(i % 10 == 0 ? 0 : 1)
                    .fallback(i % 7 == 0)
                    .cache("none")
                    .build();
            metrics.request(new RequestSummary(record, "POST", "/v1/chat/completions", false, null, null), config);
        }

        PrometheusText m = PrometheusText.parse(metrics.scrape());
        for (String family : BY_KEY) {
            assertThat(m.values(family, "key_id"))
                    .as(family)
                    .hasSizeLessThanOrEqualTo(1001)
                    .contains("other");
            assertThat(m.values(family, "team_id")).as(family).hasSizeLessThanOrEqualTo(1001);
        }
        assertThat(m.family("gatehouse_requests_total"))
                .as("one series per admitted key, and one for the rest per status class (2xx, 4xx)")
                .hasSize(1002);
        assertThat(m.values("gatehouse_requests_total", "key_id")).hasSize(1001);
        assertThat(m.sum("gatehouse_requests_total", Map.of("key_id", "other"))).isEqualTo(9000);
        assertThat(m.sum("gatehouse_requests_total", Map.of())).isEqualTo(10_000);
        assertThat(m.values("gatehouse_tag_requests_total", "tag")).hasSize(101);
        assertThat(m.values("gatehouse_requests_total", "public_model")).hasSize(51);
        assertThat(m.values("gatehouse_request_duration_seconds_count", "public_model"))
                .hasSize(51);
        assertThat(m.values("gen_ai_client_token_usage_count", "gen_ai_request_model"))
                .as("the 45 admitted models that reached a provider (every tenth was refused first) and other")
                .hasSize(46);
        assertThat(m.values("gatehouse_requests_total", "error_type"))
                .as("the code without the scope and model it names")
                .isEqualTo(Set.of("none", "rate_limit_exceeded"));
        assertThat(m.sum("gatehouse_fallbacks_total", Map.of())).isEqualTo(1429);
        assertThat(m.sum("gatehouse_attempts_total", Map.of())).isEqualTo(9000);
    }

    @Test
    void fiftyKeysThroughTheServerWithALimitOfTwenty() throws Exception {
        try (TestGateway gateway = TestGateway.start(MOCK + "metrics:\n  max_keys: 20\n")) {
            AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
            for (int i = 0; i < 50; i++) {
                String key = admin.createKey("{}").get("key").asText();
                var response = gateway.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                        .header("authorization", "Bearer " + key)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build());
                assertThat(response.statusCode()).isEqualTo(200);
            }
            PrometheusText m = PrometheusText.parse(
                    gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/metrics"))
                                    .GET()
                                    .build())
                            .body());

            assertThat(m.values("gatehouse_requests_total", "key_id"))
                    .hasSize(21)
                    .contains("other");
            assertThat(m.sum("gatehouse_requests_total", Map.of("key_id", "other")))
                    .isEqualTo(30);
            assertThat(m.values("gatehouse_tokens_total", "key_id")).hasSize(21);
        }
    }
}
