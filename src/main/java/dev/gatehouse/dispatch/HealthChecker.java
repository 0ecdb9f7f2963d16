package dev.gatehouse.dispatch;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.config.Timeouts;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.IncomingRequest;
import dev.gatehouse.provider.HealthProbe;
import dev.gatehouse.routing.DeploymentInventory;
import dev.gatehouse.routing.DeploymentRegistry;
import dev.gatehouse.routing.DeploymentStats;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every concrete deployment on the router's {@code health_check_interval} with its
 * adapter's {@link HealthProbe} (a free listing call, never a generation), and feeds the results
 * to the deployment's breaker and latency figures: a failed probe counts as a failure, so a dead
 * provider is taken out of rotation before users hit it; a good probe lets an open breaker's
 * deployment be tried again once its cooldown allows. Runs on its own event loop.
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
    private @Nullable UpstreamClient client;
    private GatewayClock.Timer timer = GatewayClock.Timer.NONE;

    public HealthChecker(Supplier<GatewayConfig> config, DeploymentRegistry registry, GatewayClock clock) {
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        this.adapters = new ProviderAdapters(clock);
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
            if (provider != null && adapters.forType(provider.type()) instanceof HealthProbe probe) {
                probe(probe, provider, stats, stats.model(), current);
            }
        }
    }

    private void probe(
            HealthProbe probe, ProviderSettings provider, DeploymentStats stats, String model, GatewayConfig current) {
        long start = clock.nanoTime();
        Exchange ex = new Exchange("health-check", start, IncomingRequest.internal("health-check"), current);
        client().send(probe.healthCheck(provider, model), PROBE_TIMEOUTS, provider.name(), ex)
                .compose(call -> {
                    // The client hands responses over paused; reading the body needs them flowing.
                    Future<Integer> status =
                            call.response().body().map(body -> call.response().statusCode());
                    call.response().resume();
                    return status;
                })
                .onComplete(done -> {
                    double millis = clock.millisSince(start);
                    boolean ok = done.succeeded() && done.result() / 100 == 2;
                    stats.recordHealthCheck(ok, clock.instant(), millis);
                    if (ok) {
                        if (stats.breaker().state() != dev.gatehouse.routing.CircuitBreaker.State.OPEN) {
                            stats.breaker().onSuccess();
                        }
                    } else {
                        if (stats.breaker().onFailure(null)) {
                            LOG.warn(
                                    "circuit breaker of {} opened until {} after a failed health check",
                                    stats.id(),
                                    stats.breaker().openUntil());
                        }
                        stats.recordFailure(
                                "health check failed" + (done.succeeded() ? " (HTTP " + done.result() + ")" : ""),
                                clock.instant());
                        LOG.warn("health check of {} failed", stats.id());
                    }
                });
    }

    private UpstreamClient client() {
        return Objects.requireNonNull(
                client, "start() creates the client before the first probe, and Vert.x stops only a started verticle");
    }
}
