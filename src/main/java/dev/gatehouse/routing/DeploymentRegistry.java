package dev.gatehouse.routing;

import dev.gatehouse.config.RouterSettings.BreakerSettings;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The live state of every deployment, by id ({@code provider/model}), shared by all event loops and
 * surviving config reloads, so a reload does not forget that a provider is down.
 */
public final class DeploymentRegistry {

    private final Map<String, DeploymentStats> byId = new ConcurrentHashMap<>();
    /**
     * The same stats by provider, then model: the planner asks for every candidate of every request,
     * and this answers without building the id string.
     */
    private final Map<String, Map<String, DeploymentStats>> byProviderAndModel = new ConcurrentHashMap<>();

    private final InstantSource clock;
    private final Supplier<BreakerSettings> breakerSettings;
    private final List<Consumer<DeploymentStats>> addedListeners = new CopyOnWriteArrayList<>();

    /** @param clock wall time, for the breakers' windows and cooldowns */
    public DeploymentRegistry(InstantSource clock, Supplier<BreakerSettings> breakerSettings) {
        this.clock = clock;
        this.breakerSettings = breakerSettings;
    }

    public DeploymentStats get(String provider, String model) {
        Map<String, DeploymentStats> ofProvider = byProviderAndModel.get(provider);
        DeploymentStats seen = ofProvider == null ? null : ofProvider.get(model);
        if (seen != null) {
            return seen;
        }
        DeploymentStats stats = byId(provider, model);
        byProviderAndModel
                .computeIfAbsent(provider, p -> new ConcurrentHashMap<>())
                .put(model, stats);
        return stats;
    }

    private DeploymentStats byId(String provider, String model) {
        String id = provider + "/" + model;
        DeploymentStats known = byId.get(id);
        if (known != null) {
            return known;
        }
        boolean[] added = {false};
        DeploymentStats stats = byId.computeIfAbsent(id, k -> {
            added[0] = true;
            return new DeploymentStats(provider, model, new CircuitBreaker(breakerSettings.get(), clock));
        });
        if (added[0]) {
            addedListeners.forEach(listener -> listener.accept(stats));
        }
        return stats;
    }

    /**
     * Tells {@code listener} of every deployment seen so far and of each one seen later, once each
     * (metrics register their meters here), on the thread that first asked for the deployment.
     */
    public void onAdded(Consumer<DeploymentStats> listener) {
        addedListeners.add(listener);
        byId.values().forEach(listener);
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
