package dev.gatehouse.observability;

import dev.gatehouse.config.MetricsSettings;
import io.micrometer.registry.otlp.AggregationTemporality;
import io.micrometer.registry.otlp.OtlpConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer's OTLP registry configured from the gateway's validated settings: the URL, interval
 * and service name come from the config loader (which resolved the {@code OTEL_*} variables, the
 * file winning) and {@link #get} answers nothing, so no system property overrides them. Micrometer
 * still reads {@code OTEL_EXPORTER_OTLP_HEADERS} itself, for a collector that wants a token.
 * Durations go out in seconds, as the GenAI conventions ask of {@code gen_ai.client.operation.duration}.
 */
final class OtlpSettings implements OtlpConfig {

    private final MetricsSettings.OtlpMetrics settings;
    private final String serviceName;

    OtlpSettings(MetricsSettings.OtlpMetrics settings, String serviceName) {
        this.settings = settings;
        this.serviceName = serviceName;
    }

    @Override
    public @Nullable String get(String key) {
        return null;
    }

    @Override
    public String url() {
        return java.util.Objects.requireNonNull(settings.url(), "the export is on");
    }

    @Override
    public Duration step() {
        return settings.interval();
    }

    @Override
    public Map<String, String> resourceAttributes() {
        return Map.of("service.name", serviceName);
    }

    @Override
    public AggregationTemporality aggregationTemporality() {
        return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public TimeUnit baseTimeUnit() {
        return TimeUnit.SECONDS;
    }
}
