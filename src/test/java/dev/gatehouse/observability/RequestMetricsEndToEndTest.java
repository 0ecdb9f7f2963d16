package dev.gatehouse.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-request metric families through the real server: a mixed workload (answers, a cache hit, a
 * request the cache is off for, a rate-limit 429, a budget 429, a 400) then a scrape of
 * {@code /metrics}, checked family by family and label by label.
 */
class RequestMetricsEndToEndTest {

    private static final String CONFIG = """
            cache:
              mode: exact
              ttl: 1h
            providers:
              m:
                type: mock
            models:
              - name: gpt-4o-mini
                provider: m
              - name: uncached
                provider: m
                cache:
                  mode: off
            """;

    private static String chat(String model, String question) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\""
                + question + "\"}]}";
    }

    private static HttpResponse<String> post(TestGateway gateway, String key, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return gateway.send(request.build());
    }

    private static void expect(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    @Test
    void aMixedWorkloadShowsInEveryFamilyWithItsLabels() throws Exception {
        try (TestGateway gateway = TestGateway.start(CONFIG)) {
            AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
            admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"red\"}");
            var limited = admin.createKey("{\"team_id\":\"red\",\"rpm_limit\":1}");
            var open = admin.createKey("{}");
            var broke = admin.createKey("{\"max_budget\":0.0000001}");
            String limitedId = limited.get("id").asText();
            String openId = open.get("id").asText();
            String brokeId = broke.get("id").asText();

            expect(post(gateway, limited.get("key").asText(), chat("gpt-4o-mini", "one")), 200);
            expect(post(gateway, limited.get("key").asText(), chat("gpt-4o-mini", "two")), 429);
            String openKey = open.get("key").asText();
            expect(post(gateway, openKey, chat("gpt-4o-mini", "same"), "x-gatehouse-tags", "checkout"), 200);
            expect(post(gateway, openKey, chat("gpt-4o-mini", "same"), "x-gatehouse-tags", "checkout"), 200);
            expect(post(gateway, openKey, chat("uncached", "three")), 200);
            expect(post(gateway, openKey, "{\"model\":\"gpt-4o-mini\"}"), 400);
            expect(post(gateway, broke.get("key").asText(), chat("gpt-4o-mini", "four")), 429);

            HttpResponse<String> scrape =
                    gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/metrics"))
                            .GET()
                            .build());
            assertThat(scrape.statusCode()).isEqualTo(200);
            PrometheusText m = PrometheusText.parse(scrape.body());

            String requests = "gatehouse_requests_total";
            assertThat(m.family(requests))
                    .allSatisfy(s -> assertThat(s.labels())
                            .containsOnlyKeys(
                                    "path",
                                    "status",
                                    "status_class",
                                    "provider",
                                    "public_model",
                                    "deployment",
                                    "key_id",
                                    "team_id",
                                    "error_type",
                                    "cache"));
            assertThat(m.sum(
                            requests,
                            Map.of(
                                    "key_id", limitedId,
                                    "team_id", "red",
                                    "status_class", "2xx",
                                    "public_model", "gpt-4o-mini",
                                    "provider", "m",
                                    "cache", "miss",
                                    "error_type", "none")))
                    .isEqualTo(1);
            assertThat(m.family(requests))
                    .filteredOn(s -> s.labels().get("key_id").equals(limitedId)
                            && s.labels().get("status_class").equals("2xx"))
                    .singleElement()
                    .satisfies(s -> assertThat(s.labels().get("deployment")).isNotEqualTo("none"));
            assertThat(m.sum(
                            requests,
                            Map.of(
                                    "key_id", limitedId,
                                    "status_class", "4xx",
                                    "error_type", "rate_limit_exceeded",
                                    "provider", "none")))
                    .isEqualTo(1);
            assertThat(m.sum(requests, Map.of("key_id", openId, "cache", "exact", "team_id", "none")))
                    .isEqualTo(1);
            assertThat(m.sum(requests, Map.of("key_id", openId, "cache", "none", "public_model", "uncached")))
                    .isEqualTo(1);
            assertThat(m.sum(requests, Map.of("key_id", openId, "status", "4xx", "status_class", "4xx")))
                    .isEqualTo(1);
            assertThat(m.sum(requests, Map.of("key_id", brokeId, "error_type", "budget_exceeded")))
                    .isEqualTo(1);

            assertThat(m.sum(
                            "gatehouse_limit_refusals_total",
                            Map.of("kind", "rate", "scope", "key", "key_id", limitedId, "team_id", "red")))
                    .isEqualTo(1);
            assertThat(m.sum("gatehouse_limit_refusals_total", Map.of("kind", "budget", "key_id", brokeId)))
                    .isEqualTo(1);

            for (String type : new String[] {"input", "output"}) {
                assertThat(m.sum("gatehouse_tokens_total", Map.of("type", type, "key_id", limitedId, "team_id", "red")))
                        .as("%s tokens", type)
                        .isPositive();
            }
            assertThat(m.values("gatehouse_tokens_total", "type"))
                    .isSubsetOf("input", "cached", "cache_write", "output", "reasoning");
            assertThat(m.sum("gatehouse_cost_usd_total", Map.of("key_id", limitedId, "public_model", "gpt-4o-mini")))
                    .isPositive();
            assertThat(m.sum("gatehouse_cache_saved_usd_total", Map.of("key_id", openId, "cache", "exact")))
                    .isPositive();
            assertThat(m.sum("gatehouse_tag_requests_total", Map.of("tag", "checkout")))
                    .isEqualTo(2);

            assertThat(m.sum(
                            "gatehouse_request_duration_seconds_count",
                            Map.of("path", "/v1/chat/completions", "team_id", "red", "status_class", "2xx")))
                    .isEqualTo(1);
            assertThat(m.values("gatehouse_request_duration_seconds_bucket", "le"))
                    .contains("0.5", "+Inf");
            assertThat(m.sum("gatehouse_time_to_first_token_seconds_count", Map.of("public_model", "gpt-4o-mini")))
                    .isGreaterThanOrEqualTo(2);
            assertThat(m.sum("gatehouse_attempts_total", Map.of("public_model", "gpt-4o-mini")))
                    .as("the first answer and the cache miss reached the provider; the hit and the 429s did not")
                    .isEqualTo(2);

            Map<String, String> genAi = Map.of(
                    "gen_ai_operation_name", "chat",
                    "gen_ai_provider_name", "mock",
                    "gen_ai_request_model", "gpt-4o-mini");
            assertThat(m.sum("gen_ai_client_operation_duration_seconds_count", genAi))
                    .isEqualTo(2);
            for (String type : new String[] {"input", "output"}) {
                Map<String, String> labels = new java.util.HashMap<>(genAi);
                labels.put("gen_ai_token_type", type);
                assertThat(m.sum("gen_ai_client_token_usage_count", labels)).isEqualTo(2);
                assertThat(m.sum("gen_ai_client_token_usage_sum", labels)).isPositive();
            }
            assertThat(m.values("gen_ai_client_token_usage_bucket", "le")).contains("1.0", "1024.0", "+Inf");
        }
    }
}
