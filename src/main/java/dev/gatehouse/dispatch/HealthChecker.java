package dev.gatehouse.dispatch;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.config.Timeouts;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.IncomingRequest;
import dev.gatehouse.provider.HealthProbe;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.routing.CircuitBreaker;
import dev.gatehouse.routing.DeploymentInventory;
import dev.gatehouse.routing.DeploymentRegistry;
import dev.gatehouse.routing.DeploymentStats;
import dev.gatehouse.routing.HealthCheckResult;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every concrete deployment on the router's {@code health_check_interval} with its
 * adapter's {@link HealthProbe} (a free listing call, never a generation, or the provider's own
 * {@code health_check} request), and feeds the results to the deployment's breaker and latency
 * figures. A probe that shows the deployment down (no connection, a timeout, a 5xx) counts as a
 * failure, so a dead provider is taken out of rotation before users hit it; a good probe lets an
 * open breaker's deployment be tried again once its cooldown allows. A probe answered with a status
 * that says nothing about serving requests (401, 403, 404, 405, 429 ...: a key without list
 * permission, a compatible server without the route) is inconclusive and leaves the breaker to live
 * traffic: such probes once opened the breaker of a deployment serving every request (issue #19).
 * Runs on its own event loop.
 */
public final class HealthChecker extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);
    private static final Timeouts PROBE_TIMEOUTS =
            new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(15));
    /** How often to look again whether checks were turned on, while they are off. */
    private static final Duration IDLE_RECHECK = Duration.ofSeconds(5);

    private final Supplier<GatewayConfig> config;
    private final DeploymentRegistry registry;
    private final GatewayClock clock;
    private final ProviderAdapters adapters;
    /** Deployments whose inconclusive probe was logged, so the log says it once, not every interval. */
    private final Set<String> warnedInconclusive = ConcurrentHashMap.newKeySet();

    private @Nullable UpstreamClient client;
    private GatewayClock.Timer timer = GatewayClock.Timer.NONE;

    public HealthChecker(
            Supplier<GatewayConfig> config,
            DeploymentRegistry registry,
            GatewayClock clock,
            ProviderAdapters adapters) {
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        this.adapters = adapters;
    }

    @Override
    public Future<?> start() {
        client = new UpstreamClient(vertx, clock);
        schedule();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        timer.cancel();
        return client().close();
    }

    private void schedule() {
        Duration interval = config.get().router().healthCheckInterval();
        timer = clock.schedule(interval.toMillis() > 0 ? interval : IDLE_RECHECK, () -> {
            if (config.get().router().healthCheckInterval().toMillis() > 0) {
                probeAll();
            }
            schedule();
        });
    }

    /**
     * Probes every deployment once, now: those the config names, and those that pattern groups
     * created from traffic (a {@code gpt-*} group has one per requested name).
     */
    void probeAll() {
        GatewayConfig current = config.get();
        for (DeploymentInventory.Entry entry : DeploymentInventory.of(current)) {
            registry.get(entry.provider(), entry.model());
        }
        for (DeploymentStats stats : List.copyOf(registry.all())) {
            ProviderSettings provider = current.providers().get(stats.provider());
            if (provider != null
                    && provider.healthCheck().enabled()
                    && adapters.forProvider(provider) instanceof HealthProbe probe) {
                probe(probe, provider, stats, stats.model(), current);
            }
        }
    }

    private void probe(
            HealthProbe probe, ProviderSettings provider, DeploymentStats stats, String model, GatewayConfig current) {
        long start = clock.nanoTime();
        Exchange ex = new Exchange("health-check", start, IncomingRequest.internal("health-check"), current);
        UpstreamRequest request = probe.healthCheck(provider, model);
        client().send(request, PROBE_TIMEOUTS, provider.name(), ex)
                .compose(call -> {
                    // The client hands responses over paused; reading the body needs them flowing.
                    Future<Integer> status =
                            call.response().body().map(body -> call.response().statusCode());
                    call.response().resume();
                    return status;
                })
                .onComplete(done -> {
                    HealthCheckResult result = done.succeeded() ? judge(done.result()) : HealthCheckResult.UNHEALTHY;
                    stats.recordHealthCheck(result, clock.instant(), clock.millisSince(start));
                    switch (result) {
                        case HEALTHY -> {
                            warnedInconclusive.remove(stats.id());
                            if (stats.breaker().state() != CircuitBreaker.State.OPEN) {
                                stats.breaker().onSuccess();
                            }
                        }
                        case UNHEALTHY -> unhealthy(stats, done.succeeded() ? done.result() : null);
                        case INCONCLUSIVE -> {
                            if (warnedInconclusive.add(stats.id())) {
                                LOG.warn(
                                        "health check of {} cannot judge its health: {} {} answered HTTP {}; "
                                                + "its circuit breaker follows live traffic only. Set "
                                                + "providers.{}.health_check (path, method, or enabled: false)",
                                        stats.id(),
                                        request.method(),
                                        pathOf(request.url()),
                                        done.result(),
                                        provider.name());
                            }
                        }
                    }
                });
    }

    private void unhealthy(DeploymentStats stats, @Nullable Integer status) {
        if (stats.breaker().onFailure(null)) {
            LOG.warn(
                    "circuit breaker of {} opened until {} after a failed health check",
                    stats.id(),
                    stats.breaker().openUntil());
        }
        stats.recordFailure("health check failed" + (status == null ? "" : " (HTTP " + status + ")"), clock.instant());
        LOG.warn("health check of {} failed", stats.id());
    }

    /**
     * What a probe's status says about the deployment. Only a server error or a timeout says it is
     * down; a 4xx says the probe was refused or misdirected, and a 429 that the listing endpoint is
     * throttled (its limits are not the generation endpoint's, and live traffic reports its own).
     */
    static HealthCheckResult judge(int status) {
        if (status / 100 == 2) {
            return HealthCheckResult.HEALTHY;
        }
        return status >= 500 || status == 408 ? HealthCheckResult.UNHEALTHY : HealthCheckResult.INCONCLUSIVE;
    }

    /** The URL's path, without its query (which some providers use for keys) for the log. */
    private static String pathOf(String url) {
        try {
            String path = URI.create(url).getRawPath();
            return path == null || path.isEmpty() ? "/" : path;
        } catch (IllegalArgumentException e) {
            return "(an unparseable URL)";
        }
    }

    private UpstreamClient client() {
        return Objects.requireNonNull(
                client, "start() creates the client before the first probe, and Vert.x stops only a started verticle");
    }
}
