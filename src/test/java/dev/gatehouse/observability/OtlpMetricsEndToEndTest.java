package dev.gatehouse.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testing.TestGateway;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The meters pushed over OTLP/HTTP to a real receiver that decodes the protobuf: the GenAI client
 * metrics under their semantic-convention names and units, beside the gateway's own families, with
 * the resource's {@code service.name}; and nothing pushed when no endpoint is configured.
 */
class OtlpMetricsEndToEndTest {

    private static String config(String metrics) {
        return """
                %s
                providers:
                  m:
                    type: mock
                models:
                  - name: gpt-4o-mini
                    provider: m
                """.formatted(metrics);
    }

    @Test
    void pushesTheSameMetersWithGenAiNamesToTheConfiguredEndpoint() throws Exception {
        try (OtlpMetricsReceiver receiver = new OtlpMetricsReceiver();
                TestGateway gateway = TestGateway.start(
                        config("""
                                metrics:
                                  otlp:
                                    endpoint: %s
                                    interval: 1s
                                """.formatted(receiver.endpoint())), Map.of("OTEL_SERVICE_NAME", "gatehouse-metrics"))) {
            assertThat(gateway.post(
                                    "/v1/chat/completions",
                                    "application/json",
                                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                            .statusCode())
                    .isEqualTo(200);

            Metric tokens = await().atMost(Duration.ofSeconds(20))
                    .until(() -> latest(receiver, "gen_ai.client.token.usage"), Optional::isPresent)
                    .orElseThrow();
            Set<String> tokenTypes = tokens.getHistogram().getDataPointsList().stream()
                    .map(p -> attribute(p.getAttributesList(), "gen_ai.token.type"))
                    .collect(Collectors.toSet());
            assertThat(tokenTypes).containsExactlyInAnyOrder("input", "output");
            HistogramDataPoint input = tokens.getHistogram().getDataPointsList().stream()
                    .filter(p -> attribute(p.getAttributesList(), "gen_ai.token.type")
                            .equals("input"))
                    .findFirst()
                    .orElseThrow();
            assertThat(input.getCount()).isEqualTo(1);
            assertThat(input.getSum()).isPositive();
            assertThat(attribute(input.getAttributesList(), "gen_ai.operation.name"))
                    .isEqualTo("chat");
            assertThat(attribute(input.getAttributesList(), "gen_ai.provider.name"))
                    .isEqualTo("mock");
            assertThat(attribute(input.getAttributesList(), "gen_ai.request.model"))
                    .isEqualTo("gpt-4o-mini");

            Metric duration =
                    latest(receiver, "gen_ai.client.operation.duration").orElseThrow();
            // Micrometer names the unit "seconds" (the conventions write UCUM's "s"); the values are seconds.
            assertThat(duration.getUnit()).isEqualTo("seconds");
            HistogramDataPoint call = duration.getHistogram().getDataPoints(0);
            assertThat(call.getCount()).isEqualTo(1);
            assertThat(call.getSum()).as("seconds, not milliseconds").isLessThan(10.0);
            assertThat(call.getExplicitBoundsList()).contains(0.01, 81.92);

            List<String> names = receiver.metrics().stream()
                    .map(r -> r.metric().getName())
                    .distinct()
                    .toList();
            assertThat(names)
                    .contains(
                            "gatehouse_requests",
                            "gatehouse_tokens",
                            "gatehouse_requests_in_flight",
                            "jvm.memory.used",
                            "gatehouse_event_loop_lag");
            assertThat(receiver.metrics()).allMatch(r -> r.serviceName().equals("gatehouse-metrics"));
        }
    }

    @Test
    void pushesNothingWithoutAnEndpoint() throws Exception {
        try (OtlpMetricsReceiver receiver = new OtlpMetricsReceiver();
                TestGateway gateway = TestGateway.start(config("state: memory"))) {
            assertThat(gateway.server().state().config().metrics().otlp().enabled())
                    .isFalse();
            assertThat(receiver.metrics()).isEmpty();
        }
    }

    private static Optional<Metric> latest(OtlpMetricsReceiver receiver, String name) {
        List<OtlpMetricsReceiver.Received> all = receiver.metrics();
        for (int i = all.size() - 1; i >= 0; i--) {
            Metric metric = all.get(i).metric();
            if (metric.getName().equals(name) && metric.getHistogram().getDataPointsCount() > 0) {
                return Optional.of(metric);
            }
        }
        return Optional.empty();
    }

    private static String attribute(List<KeyValue> attributes, String key) {
        return attributes.stream()
                .filter(a -> a.getKey().equals(key))
                .map(a -> a.getValue().getStringValue())
                .findFirst()
                .orElse("");
    }
}
