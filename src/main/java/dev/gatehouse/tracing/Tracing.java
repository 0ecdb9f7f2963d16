package dev.gatehouse.tracing;

import dev.gatehouse.config.TracingSettings;
import dev.gatehouse.pipeline.Interceptor;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's tracer, built once at start from {@link TracingSettings}. When tracing is off it
 * holds no SDK at all: {@link #requestStage()} is {@code null} and {@link #stage} hands the stage
 * back unwrapped, so requests pay nothing.
 *
 * <p>Spans are handed to a {@link BatchSpanProcessor}, whose own thread exports them over OTLP/HTTP:
 * ending a span on the event loop only puts it in a bounded queue (dropped when full), so export
 * never blocks a request and an unreachable collector never fails one.
 */
public final class Tracing implements AutoCloseable {

    private static final Tracing OFF = new Tracing(null, null);

    private final @Nullable SdkTracerProvider provider;
    private final @Nullable Tracer tracer;

    private Tracing(@Nullable SdkTracerProvider provider, @Nullable Tracer tracer) {
        this.provider = provider;
        this.tracer = tracer;
    }

    public static Tracing off() {
        return OFF;
    }

    /** Starts the SDK when the settings name an endpoint; else {@link #off()}. */
    public static Tracing start(TracingSettings settings) {
        return start(settings, () -> settings);
    }

    /**
     * Starts the SDK when {@code settings} name an endpoint; else {@link #off()}. The exporter and
     * the service name are fixed now; the sample ratio is read from {@code live} for every new trace.
     */
    public static Tracing start(TracingSettings settings, Supplier<TracingSettings> live) {
        String endpoint = settings.endpoint();
        if (endpoint == null) {
            return OFF;
        }
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(trimSlash(endpoint) + "/v1/traces")
                .setTimeout(Duration.ofSeconds(10))
                .build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.create(Attributes.of(
                                io.opentelemetry.api.common.AttributeKey.stringKey("service.name"),
                                settings.serviceName()))))
                .setSampler(Sampler.parentBased(
                        new LiveRatioSampler(() -> live.get().sampleRatio())))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter)
                        .setScheduleDelay(Duration.ofMillis(500))
                        .build())
                .build();
        return new Tracing(provider, provider.get("dev.gatehouse"));
    }

    public boolean enabled() {
        return tracer != null;
    }

    /** The outermost stage, which opens each request's server span; {@code null} when tracing is off. */
    public @Nullable Interceptor requestStage() {
        return tracer == null ? null : new TraceRequest(tracer);
    }

    /** {@code stage} with a span of its own, named {@code name}; the stage itself when tracing is off. */
    public Interceptor stage(String name, Interceptor stage) {
        return tracer == null ? stage : new TracedStage(name, stage);
    }

    /**
     * A span for one MCP tool call, started now; {@code null} when tracing is off. The span is a
     * root of its own: {@code /mcp} calls carry no trace context the gateway reads yet.
     */
    public @Nullable ToolCallSpan toolCall(String server, String tool) {
        return tracer == null ? null : ToolCallSpan.start(tracer, server, tool);
    }

    /** Exports what is still queued (for at most five seconds) and stops the exporter. */
    @Override
    public void close() {
        if (provider != null) {
            CompletableResultCode done = provider.shutdown();
            done.join(5, TimeUnit.SECONDS);
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
