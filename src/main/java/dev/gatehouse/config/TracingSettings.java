package dev.gatehouse.config;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * OpenTelemetry traces ({@code tracing:}), filled in from the standard {@code OTEL_*} environment
 * variables where the section says nothing. Tracing is off when neither names an endpoint.
 *
 * @param endpoint the OTLP/HTTP base URL (spans go to {@code <endpoint>/v1/traces}), or {@code null}
 *     when tracing is off
 * @param sampleRatio the share of new traces kept (0 to 1); a caller's sampled {@code traceparent}
 *     is always followed
 * @param serviceName the {@code service.name} resource attribute
 * @param captureContent whether request spans carry the prompt and the answer, PII-scrubbed
 *     ({@code capture_content}, off by default)
 */
public record TracingSettings(
        @Nullable String endpoint, double sampleRatio, String serviceName, boolean captureContent) {

    /** Settings that keep prompts and answers out of spans. */
    public TracingSettings(@Nullable String endpoint, double sampleRatio, String serviceName) {
        this(endpoint, sampleRatio, serviceName, false);
    }

    public static final String DEFAULT_SERVICE_NAME = "gatehouse";

    /** The only OTLP protocol the exporter speaks here (the JDK sender carries no gRPC). */
    static final String HTTP_PROTOBUF = "http/protobuf";

    public static TracingSettings off() {
        return new TracingSettings(null, 1.0, DEFAULT_SERVICE_NAME);
    }

    public boolean enabled() {
        return endpoint != null;
    }

    /**
     * @param top the file's root, which takes the problems of the environment variables
     * @param node the {@code tracing:} section, or {@code null} when the file has none
     */
    static TracingSettings read(ConfigNode top, @Nullable ConfigNode node, Map<String, String> env) {
        String endpoint = blankToNull(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        String serviceName = blankToNull(env.get("OTEL_SERVICE_NAME"));
        double ratio = envRatio(top, env.get("OTEL_TRACES_SAMPLER_ARG"));
        String protocol = blankToNull(env.get("OTEL_EXPORTER_OTLP_PROTOCOL"));
        boolean captureContent = false;
        if (node != null) {
            if (node.has("endpoint")) {
                endpoint = blankToNull(node.string("endpoint", ""));
                if (endpoint != null && !endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
                    node.problem("endpoint", "must be an http:// or https:// URL (OTLP over HTTP)");
                }
            }
            if (node.has("service_name")) {
                serviceName = blankToNull(node.string("service_name", ""));
            }
            ratio = node.number("sample_ratio", ratio, 0.0, 1.0);
            captureContent = node.bool("capture_content", false);
            node.finish();
        }
        if (endpoint != null && protocol != null && !HTTP_PROTOBUF.equals(protocol)) {
            top.problem(
                    null,
                    "OTEL_EXPORTER_OTLP_PROTOCOL is '" + protocol + "'; only '" + HTTP_PROTOBUF + "' is supported");
        }
        return new TracingSettings(
                endpoint, ratio, serviceName == null ? DEFAULT_SERVICE_NAME : serviceName, captureContent);
    }

    private static double envRatio(ConfigNode top, @Nullable String text) {
        if (text == null || text.isBlank()) {
            return 1.0;
        }
        try {
            double ratio = Double.parseDouble(text.trim());
            if (ratio >= 0 && ratio <= 1) {
                return ratio;
            }
        } catch (NumberFormatException e) {
            // reported below, as is a number out of range
        }
        top.problem(null, "OTEL_TRACES_SAMPLER_ARG must be a number between 0 and 1, not '" + text + "'");
        return 1.0;
    }

    static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
