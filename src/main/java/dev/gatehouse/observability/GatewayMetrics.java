package dev.gatehouse.observability;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.metering.RequestSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's Prometheus metrics (Micrometer), served at {@code GET /metrics}: the per-request
 * families ({@link RequestMetrics}) and counters other parts keep (Redis failures of the limit store,
 * requests for models without a price). Thread-safe; recording is lock-free.
 */
public final class GatewayMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RequestMetrics requests = new RequestMetrics(registry);
    private final ToolCallMetrics toolCalls = new ToolCallMetrics(registry);

    /** Records the metric families of one finished request, under the config it was served with. */
    public void request(RequestSummary summary, GatewayConfig config) {
        requests.record(summary, config);
    }

    /** The families of MCP tool calls. */
    public ToolCallMetrics toolCalls() {
        return toolCalls;
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
