package dev.gatehouse.routing;

import dev.gatehouse.config.RouterSettings.BreakerSettings;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The live state of every deployment, by id ({@code provider/model}), shared by all event loops and
 * surviving config reloads, so a reload does not forget that a provider is down.
 */
public final class DeploymentRegistry {

    private final Map<String, DeploymentStats> byId = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final Supplier<BreakerSettings> breakerSettings;

    /** @param clock wall time, for the breakers' windows and cooldowns */
    public DeploymentRegistry(InstantSource clock, Supplier<BreakerSettings> breakerSettings) {
        this.clock = clock;
        this.breakerSettings = breakerSettings;
    }

    public DeploymentStats get(String provider, String model) {
        String id = provider + "/" + model;
        return byId.computeIfAbsent(
                id, k -> new DeploymentStats(provider, model, new CircuitBreaker(breakerSettings.get(), clock)));
    }

    /** The stats seen so far, or null for a deployment that never had traffic. */
    public @Nullable DeploymentStats find(String id) {
        return byId.get(id);
    }

    /** Every deployment seen so far. */
    public java.util.Collection<DeploymentStats> all() {
        return byId.values();
    }
}
