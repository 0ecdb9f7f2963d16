package dev.gatehouse.observability;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.MetricsSettings;
import dev.gatehouse.metering.InFlight;
import dev.gatehouse.metering.RequestSummary;
import dev.gatehouse.routing.DeploymentRegistry;
import dev.gatehouse.time.GatewayClock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's metrics (Micrometer), served at {@code GET /metrics} in Prometheus' text format and,
 * when {@link #exportOverOtlp configured}, pushed over OTLP as well: every meter is registered in one
 * composite registry that feeds both. Holds the per-request families ({@link RequestMetrics}), the
 * requests and streams in flight, counters other parts keep, and, once {@link #watchProcess} ran,
 * the JVM, event-loop and per-deployment meters. Thread-safe; recording is lock-free.
 */
public final class GatewayMetrics implements AutoCloseable {

    /** How often each event loop is probed for lag. */
    private static final Duration LAG_PROBE_INTERVAL = Duration.ofMillis(500);

    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final RequestMetrics requests;
    private final ToolCallMetrics toolCalls;
    private final InFlight inFlight = new InFlight();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    public GatewayMetrics() {
        registry.add(prometheus);
        requests = new RequestMetrics(registry);
        toolCalls = new ToolCallMetrics(registry);
        Gauge.builder("gatehouse_requests_in_flight", inFlight, InFlight::requests)
                .description("Requests received and not yet finished (a stream finishes with its last chunk)")
                .register(registry);
        Gauge.builder("gatehouse_streams_in_flight", inFlight, InFlight::streams)
                .description("Streamed answers flowing to clients")
                .register(registry);
    }

    /** The requests and streams under way, which the meter stage counts. */
    public InFlight inFlight() {
        return inFlight;
    }

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

    /** Exposes a value another component keeps that goes up and down. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    /** A histogram of durations another component records (with Prometheus' histogram buckets). */
    public java.util.function.Consumer<Duration> timer(String name, String description) {
        io.micrometer.core.instrument.Timer timer = io.micrometer.core.instrument.Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .register(registry);
        return timer::record;
    }

    /**
     * Adds the meters of the running process: JVM memory, garbage collection, threads, class
     * loading, CPU and uptime; the lag of each event loop of {@code vertx}; and the breaker state and
     * in-flight requests of each deployment in {@code deployments} (at most {@code maxDeployments}).
     * Called once by the gateway at start (the warm-up's throwaway metrics never call it).
     */
    public void watchProcess(
            Vertx vertx, GatewayClock clock, DeploymentRegistry deployments, IntSupplier maxDeployments) {
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.add(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        closeables.add(EventLoopLag.start(vertx, clock, registry, LAG_PROBE_INTERVAL));
        new DeploymentMeters(registry, maxDeployments).watch(deployments);
    }

    /**
     * Pushes every meter, those registered already and those to come, to the OTLP/HTTP endpoint of
     * {@code settings} every interval, from Micrometer's own thread (a collector that is down only
     * costs a logged warning). Nothing happens when the export is off.
     */
    public void exportOverOtlp(MetricsSettings.OtlpMetrics settings, String serviceName) {
        if (!settings.enabled()) {
            return;
        }
        OtlpMeterRegistry otlp = new OtlpMeterRegistry(
                new OtlpSettings(settings, serviceName), io.micrometer.core.instrument.Clock.SYSTEM);
        registry.add(otlp);
        closeables.add(otlp::close);
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return prometheus.scrape();
    }

    public Supplier<String> scraper() {
        return this::scrape;
    }

    /** Stops the probes and listeners and pushes the last OTLP export. Blocks: call it off the event loop. */
    @Override
    public void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(GatewayMetrics.class).warn("closing metrics: {}", e.toString());
            }
        }
        closeables.clear();
    }
}
