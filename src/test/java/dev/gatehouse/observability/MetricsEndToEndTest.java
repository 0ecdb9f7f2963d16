package dev.gatehouse.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prometheus metrics at /metrics: requests by path, status class and provider, and unpriced models. */
class MetricsEndToEndTest {

    private static final String MOCK = "providers:\n  m:\n    type: mock\nmodels:\n  - name: \"*\"\n    provider: m\n";
    private static final String USER_KEY = "sk-metrics-test-user-key-000001";
    private static final String METRICS_KEY = "sk-metrics-scrape-key-00000000001";

    private static HttpResponse<String> scrape(TestGateway gateway, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/metrics"))
                .GET();
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        return gateway.send(request.build());
    }

    @Test
    void onANonLoopbackAddressMetricsNeedAnAdminKeyOrTheMetricsKey() throws Exception {
        try (TestGateway gateway = TestGateway.start("server:\n  host: 0.0.0.0\n  metrics_key: " + METRICS_KEY + "\n"
                + MOCK + "keys:\n  - id: user\n    key: " + USER_KEY + "\n")) {
            HttpResponse<String> anonymous = scrape(gateway, null);
            JsonNode error = Json.parse(anonymous.body()).path("error");

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("code").asText()).isEqualTo("missing_api_key");
            assertThat(scrape(gateway, USER_KEY).statusCode()).isEqualTo(403);
            assertThat(scrape(gateway, "sk-not-a-key-at-all-0000000001").statusCode())
                    .isEqualTo(401);
            assertThat(scrape(gateway, METRICS_KEY).statusCode()).isEqualTo(200);
            assertThat(scrape(gateway, TestGateway.MASTER_KEY).body()).contains("gatehouse_unpriced_requests_total");
        }
    }

    @Test
    void metricsAuthSaysWhetherAKeyIsNeededWhateverTheAddress() throws Exception {
        try (TestGateway loopback = TestGateway.start("server:\n  metrics_auth: true\n" + MOCK);
                TestGateway open = TestGateway.start("server:\n  host: 0.0.0.0\n  metrics_auth: false\n" + MOCK)) {
            assertThat(scrape(loopback, null).statusCode()).isEqualTo(401);
            assertThat(scrape(loopback, TestGateway.MASTER_KEY).statusCode()).isEqualTo(200);
            assertThat(scrape(open, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void countsRequestsAndUnpricedModels() throws Exception {
        try (TestGateway gateway =
                TestGateway.start("providers:\n  m:\n    type: mock\nmodels:\n  - name: \"*\"\n    provider: m\n")) {
            gateway.post(
                    "/v1/chat/completions",
                    "application/json",
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            gateway.post(
                    "/v1/chat/completions",
                    "application/json",
                    "{\"model\":\"house-model-without-a-price\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            gateway.post("/v1/chat/completions", "application/json", "{\"model\":\"gpt-4o-mini\"}");

            HttpResponse<String> metrics =
                    gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/metrics"))
                            .GET()
                            .build());

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type"))
                    .get()
                    .asString()
                    .startsWith("text/plain");
            assertThat(PrometheusText.sum(
                            metrics.body(),
                            "gatehouse_requests_total",
                            Map.of("path", "/v1/chat/completions", "provider", "m", "status", "2xx")))
                    .isEqualTo(2.0);
            assertThat(PrometheusText.sum(
                            metrics.body(),
                            "gatehouse_requests_total",
                            Map.of("path", "/v1/chat/completions", "provider", "none", "status", "4xx")))
                    .isEqualTo(1.0);
            assertThat(metrics.body())
                    .contains("gatehouse_unpriced_requests_total 1.0")
                    .contains("gatehouse_redis_failures_total 0.0")
                    .contains("gatehouse_request_duration_seconds_count");
        }
    }
}
