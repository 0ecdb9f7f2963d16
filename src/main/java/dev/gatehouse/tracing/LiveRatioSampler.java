package dev.gatehouse.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * A trace-id ratio sampler whose ratio is read from the live config on every new trace, so a reload
 * that changes {@code tracing.sample_ratio} applies to the next request without rebuilding the SDK.
 * The ratio sampler is rebuilt only when the value changes. Thread-safe.
 */
final class LiveRatioSampler implements Sampler {

    private final DoubleSupplier ratio;
    private volatile Current current;

    private record Current(double ratio, Sampler sampler) {}

    LiveRatioSampler(DoubleSupplier ratio) {
        this.ratio = ratio;
        double now = ratio.getAsDouble();
        this.current = new Current(now, Sampler.traceIdRatioBased(now));
    }

    @Override
    public SamplingResult shouldSample(
            Context parentContext,
            String traceId,
            String name,
            SpanKind spanKind,
            Attributes attributes,
            List<LinkData> parentLinks) {
        double now = ratio.getAsDouble();
        Current c = current;
        if (c.ratio() != now) {
            c = new Current(now, Sampler.traceIdRatioBased(now));
            current = c;
        }
        return c.sampler().shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "LiveRatioSampler";
    }
}
