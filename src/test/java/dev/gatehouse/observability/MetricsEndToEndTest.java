package dev.gatehouse.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Prometheus metrics at /metrics: requests by path, status class and provider, and unpriced models. */
class MetricsEndToEndTest {

    @Test
    void countsRequestsAndUnpricedModels() throws Exception {
        try (TestGateway gateway = TestGateway.start("providers:\n  m:\n    type: mock\nmodels:\n  - name: \"*\"\n    provider: m\n")) {
            gateway.post("/v1/chat/completions", "application/json",
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            gateway.post("/v1/chat/completions", "application/json",
                    "{\"model\":\"house-model-without-a-price\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            gateway.post("/v1/chat/completions", "application/json", "{\"model\":\"gpt-4o-mini\"}");

            HttpResponse<String> metrics = gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/metrics"))
                    .GET().build());

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type")).get().asString().startsWith("text/plain");
            assertThat(metrics.body())
                    .contains("gatehouse_requests_total{path=\"/v1/chat/completions\",provider=\"m\",status=\"2xx\"} 2.0")
                    .contains("gatehouse_requests_total{path=\"/v1/chat/completions\",provider=\"none\",status=\"4xx\"} 1.0")
                    .contains("gatehouse_unpriced_requests_total 1.0")
                    .contains("gatehouse_redis_failures_total 0.0")
                    .contains("gatehouse_request_duration_seconds_count");
        }
    }
}
