package dev.gatehouse.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's Prometheus metrics (Micrometer), served at {@code GET /metrics}: requests and their
 * latency by endpoint, status class and provider, and counters other parts keep (Redis failures of
 * the limit store, requests for models without a price). Thread-safe; recording is lock-free.
 */
public final class GatewayMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Records one finished request. {@code provider} may be null (rejected before routing). */
    public void request(String path, int status, @Nullable String provider, Duration latency) {
        String statusClass = (status / 100) + "xx";
        String providerTag = provider == null ? "none" : provider;
        Counter.builder("gatehouse_requests")
                .tag("path", path)
                .tag("status", statusClass)
                .tag("provider", providerTag)
                .register(registry)
                .increment();
        Timer.builder("gatehouse_request_duration")
                .tag("path", path)
                .tag("provider", providerTag)
                .register(registry)
                .record(latency);
    }

    /** Exposes a count another component keeps as a monotonic counter. */
    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value).description(description).register(registry);
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    public Supplier<String> scraper() {
        return this::scrape;
    }
}
