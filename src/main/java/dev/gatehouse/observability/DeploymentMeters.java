package dev.gatehouse.observability;

import dev.gatehouse.routing.CircuitBreaker;
import dev.gatehouse.routing.DeploymentRegistry;
import dev.gatehouse.routing.DeploymentStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.IntSupplier;

/**
 * The meters of each deployment the gateway has sent traffic to: its circuit breaker's state
 * ({@code 0} closed, {@code 1} half-open, {@code 2} open), the breaker's transitions by the state
 * entered, and its requests in flight. Registered once per deployment as the registry first sees
 * it; past {@code max_models} deployments no further ones are registered, so a wildcard route
 * cannot grow the series without bound.
 */
final class DeploymentMeters {

    private final MeterRegistry registry;
    private final LabelGuard deployments = new LabelGuard();
    private final IntSupplier limit;

    DeploymentMeters(MeterRegistry registry, IntSupplier limit) {
        this.registry = registry;
        this.limit = limit;
    }

    void watch(DeploymentRegistry deploymentRegistry) {
        deploymentRegistry.onAdded(this::register);
    }

    private void register(DeploymentStats stats) {
        if (!stats.id().equals(deployments.label(stats.id(), limit.getAsInt()))) {
            return;
        }
        String id = stats.id();
        Gauge.builder(
                        "gatehouse_circuit_breaker_state",
                        stats,
                        s -> code(s.breaker().state()))
                .description("Circuit breaker state of a deployment: 0 closed, 1 half-open, 2 open")
                .tag("deployment", id)
                .register(registry);
        for (CircuitBreaker.State to : CircuitBreaker.State.values()) {
            FunctionCounter.builder(
                            "gatehouse_circuit_breaker_transitions",
                            stats,
                            s -> s.breaker().transitionsTo(to))
                    .description("Circuit breaker state changes of a deployment, by the state entered")
                    .tags("deployment", id, "state", to.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("gatehouse_deployment_in_flight", stats, DeploymentStats::inFlight)
                .description("Upstream requests in flight to a deployment")
                .tag("deployment", id)
                .register(registry);
    }

    private static int code(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
