package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingSettingsTest {

    private static TracingSettings tracing(String yaml, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env).parse(yaml, "gatehouse.yaml").tracing();
    }

    @Test
    void isOffWithoutAnEndpointInTheFileOrTheEnvironment() throws Exception {
        TracingSettings settings = tracing("state: memory\n", Map.of("OTEL_SERVICE_NAME", "gw"));

        assertThat(settings.enabled()).isFalse();
    }

    @Test
    void takesTheStandardEnvironmentVariables() throws Exception {
        TracingSettings settings = tracing(
                "state: memory\n",
                Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                        "OTEL_SERVICE_NAME", "gw-eu",
                        "OTEL_TRACES_SAMPLER_ARG", "0.25"));

        assertThat(settings).isEqualTo(new TracingSettings("http://collector:4318", 0.25, "gw-eu"));
    }

    @Test
    void theSectionWinsOverTheEnvironment() throws Exception {
        TracingSettings settings = tracing(
                """
                tracing:
                  endpoint: http://otel:4318/
                  sample_ratio: 0.1
                  service_name: edge
                """, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", "OTEL_SERVICE_NAME", "gw-eu"));

        assertThat(settings).isEqualTo(new TracingSettings("http://otel:4318/", 0.1, "edge"));
    }

    @Test
    void reportsEveryProblemWithItsPath() {
        assertThatThrownBy(() ->
                        tracing("""
                        tracing:
                          endpoint: otel:4317
                          sample_ratio: 2
                          sampler: always
                        """, Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_TRACES_SAMPLER_ARG", "half")))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .extracting(ConfigProblem::path)
                                .containsExactlyInAnyOrder(
                                        "", "", "tracing.endpoint", "tracing.sample_ratio", "tracing.sampler"));
    }
}
