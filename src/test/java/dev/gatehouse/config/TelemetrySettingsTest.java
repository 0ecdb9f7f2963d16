package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OTLP metrics export and content capture settings, from the file and from the standard
 * {@code OTEL_*} variables; and the zero-config mode, which takes traces and metrics from the
 * environment alone.
 */
class TelemetrySettingsTest {

    private static GatewayConfig parse(String yaml, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env).parse(yaml, "gatehouse.yaml");
    }

    @Test
    void metricsExportIsOffUnlessAnEndpointIsSet() throws Exception {
        assertThat(parse("state: memory\n", Map.of()).metrics().otlp()).isEqualTo(MetricsSettings.OtlpMetrics.OFF);
        assertThat(parse("state: memory\n", Map.of()).tracing().captureContent())
                .isFalse();
    }

    @Test
    void metricsTakeTheStandardVariablesTheSignalSpecificOneFirst() throws Exception {
        MetricsSettings.OtlpMetrics base = parse(
                        "state: memory\n",
                        Map.of(
                                "OTEL_EXPORTER_OTLP_ENDPOINT",
                                "http://collector:4318/",
                                "OTEL_METRIC_EXPORT_INTERVAL",
                                "15000"))
                .metrics()
                .otlp();
        assertThat(base)
                .isEqualTo(new MetricsSettings.OtlpMetrics("http://collector:4318/v1/metrics", Duration.ofSeconds(15)));

        MetricsSettings.OtlpMetrics specific = parse(
                        "state: memory\n",
                        Map.of(
                                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                                "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://metrics:9090/otlp/v1/metrics"))
                .metrics()
                .otlp();
        assertThat(specific.url()).isEqualTo("http://metrics:9090/otlp/v1/metrics");

        assertThat(parse(
                                "state: memory\n",
                                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_METRICS_EXPORTER", "none"))
                        .metrics()
                        .otlp()
                        .enabled())
                .isFalse();
    }

    @Test
    void theSectionWinsOverTheEnvironment() throws Exception {
        GatewayConfig config = parse(
                """
                metrics:
                  max_keys: 10
                  otlp:
                    endpoint: http://otel:4318
                    interval: 5s
                tracing:
                  endpoint: http://otel:4318
                  capture_content: true
                """,
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", "OTEL_METRIC_EXPORT_INTERVAL", "1000"));

        assertThat(config.metrics().maxKeys()).isEqualTo(10);
        assertThat(config.metrics().otlp())
                .isEqualTo(new MetricsSettings.OtlpMetrics("http://otel:4318/v1/metrics", Duration.ofSeconds(5)));
        assertThat(config.tracing().captureContent()).isTrue();
    }

    @Test
    void reportsEveryProblemWithItsPath() {
        assertThatThrownBy(() -> parse("""
                        metrics:
                          otlp:
                            endpoint: otel:4317
                            interval: 10ms
                            protocol: grpc
                        tracing:
                          capture_content: maybe
                        """, Map.of("OTEL_METRIC_EXPORT_INTERVAL", "soon")))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .extracting(ConfigProblem::path)
                                .contains(
                                        "metrics.otlp.endpoint",
                                        "metrics.otlp.interval",
                                        "metrics.otlp.protocol",
                                        "tracing.capture_content")
                                .anyMatch(path -> path.isEmpty() || path.equals("(root)")));
    }

    @Test
    void zeroConfigTracesAndExportsMetricsFromTheEnvironmentAlone() throws Exception {
        GatewayConfig config = ZeroConfig.load(
                Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                        "OTEL_SERVICE_NAME", "edge",
                        "OTEL_TRACES_SAMPLER_ARG", "0.5"),
                Path.of("build-zero"));

        assertThat(config.tracing()).isEqualTo(new TracingSettings("http://collector:4318", 0.5, "edge"));
        assertThat(config.metrics().otlp().url()).isEqualTo("http://collector:4318/v1/metrics");
        assertThat(ZeroConfig.load(Map.of(), Path.of("build-zero")).tracing().enabled())
                .isFalse();
        assertThatThrownBy(() -> ZeroConfig.load(Map.of("OTEL_TRACES_SAMPLER_ARG", "half"), Path.of("build-zero")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OTEL_TRACES_SAMPLER_ARG");
    }
}
