package dev.gatehouse.config;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's metrics ({@code metrics:}): the cardinality guard of the request metrics (how many
 * distinct values a label may take before further values are reported as {@code other}, so a flood
 * of keys or made-up model names cannot grow {@code /metrics} without bound), and the optional OTLP
 * export of the same meters.
 *
 * @param maxKeys distinct key ids, and separately team ids ({@code max_keys})
 * @param maxTags distinct request tags ({@code max_tags})
 * @param maxModels distinct public model names ({@code max_models}); a wildcard model group lets
 *     clients name any model
 * @param otlp where the meters are pushed over OTLP/HTTP, or off
 */
public record MetricsSettings(int maxKeys, int maxTags, int maxModels, OtlpMetrics otlp) {

    /** A guard with the OTLP export off. */
    public MetricsSettings(int maxKeys, int maxTags, int maxModels) {
        this(maxKeys, maxTags, maxModels, OtlpMetrics.OFF);
    }

    /**
     * The OTLP metrics export ({@code metrics.otlp}, else the standard {@code OTEL_*} variables).
     *
     * @param url the full URL metrics are posted to ({@code <endpoint>/v1/metrics}), or {@code null}
     *     when the export is off
     * @param interval how often the meters are pushed
     */
    public record OtlpMetrics(@Nullable String url, Duration interval) {

        /** OpenTelemetry's default export interval ({@code OTEL_METRIC_EXPORT_INTERVAL}: 60000 ms). */
        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

        public static final OtlpMetrics OFF = new OtlpMetrics(null, DEFAULT_INTERVAL);

        public boolean enabled() {
            return url != null;
        }
    }

    public static MetricsSettings defaults() {
        return new MetricsSettings(1000, 100, 200);
    }

    /**
     * @param top the file's root, which takes the problems of the environment variables
     * @param node the {@code metrics:} section, or {@code null} when the file has none
     */
    static MetricsSettings read(ConfigNode top, @Nullable ConfigNode node, Map<String, String> env) {
        MetricsSettings d = defaults();
        OtlpMetrics otlp = otlpFromEnvironment(top, env);
        if (node == null) {
            return new MetricsSettings(d.maxKeys(), d.maxTags(), d.maxModels(), otlp);
        }
        int maxKeys = node.integer("max_keys", d.maxKeys(), 0, 1_000_000);
        int maxTags = node.integer("max_tags", d.maxTags(), 0, 100_000);
        int maxModels = node.integer("max_models", d.maxModels(), 0, 100_000);
        ConfigNode section = node.object("otlp");
        if (section != null) {
            otlp = otlpSection(section, otlp);
        }
        node.finish();
        return new MetricsSettings(maxKeys, maxTags, maxModels, otlp);
    }

    private static OtlpMetrics otlpSection(ConfigNode node, OtlpMetrics fromEnv) {
        String url = fromEnv.url();
        if (node.has("endpoint")) {
            String endpoint = TracingSettings.blankToNull(node.string("endpoint", ""));
            if (endpoint != null && !endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
                node.problem("endpoint", "must be an http:// or https:// URL (OTLP over HTTP)");
            }
            url = endpoint == null ? null : trimSlash(endpoint) + "/v1/metrics";
        }
        Duration interval = node.duration("interval", fromEnv.interval());
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            node.problem("interval", "must be at least 1s");
        }
        node.finish();
        return new OtlpMetrics(url, interval);
    }

    /**
     * {@code OTEL_EXPORTER_OTLP_METRICS_ENDPOINT} is the full URL, as the OpenTelemetry spec has it;
     * {@code OTEL_EXPORTER_OTLP_ENDPOINT} the base every signal appends its path to;
     * {@code OTEL_METRICS_EXPORTER=none} turns the export off.
     */
    private static OtlpMetrics otlpFromEnvironment(ConfigNode top, Map<String, String> env) {
        String exporter = TracingSettings.blankToNull(env.get("OTEL_METRICS_EXPORTER"));
        String full = TracingSettings.blankToNull(env.get("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"));
        String base = TracingSettings.blankToNull(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        String url = full != null ? full : base == null ? null : trimSlash(base) + "/v1/metrics";
        if ("none".equals(exporter)) {
            url = null;
        }
        Duration interval = OtlpMetrics.DEFAULT_INTERVAL;
        String millis = TracingSettings.blankToNull(env.get("OTEL_METRIC_EXPORT_INTERVAL"));
        if (millis != null) {
            try {
                interval = Duration.ofMillis(Long.parseLong(millis));
            } catch (NumberFormatException e) {
                top.problem(null, "OTEL_METRIC_EXPORT_INTERVAL must be a number of milliseconds, not '" + millis + "'");
            }
            if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
                top.problem(null, "OTEL_METRIC_EXPORT_INTERVAL must be at least 1000 (milliseconds)");
                interval = OtlpMetrics.DEFAULT_INTERVAL;
            }
        }
        return new OtlpMetrics(url, interval);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
