package dev.gatehouse.config;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A validated, immutable configuration. Swapped whole on reload, never edited in place. */
public record GatewayConfig(
        ServerSettings server,
        Map<String, ProviderSettings> providers,
        List<ModelGroup> models,
        List<KeySettings> keys,
        RouterSettings router,
        StoreSettings store,
        StateSettings state,
        LimitSettings limits,
        UsageSettings usage,
        CacheSettings cache,
        ResponsesSettings responses,
        TracingSettings tracing,
        MetricsSettings metrics,
        AlertSettings alerts) {

    public GatewayConfig {
        providers = Map.copyOf(providers);
        models = List.copyOf(models);
        keys = List.copyOf(keys);
    }

    /** A config without {@code alerts:} (a rule per event with its defaults, no webhook). */
    public GatewayConfig(
            ServerSettings server,
            Map<String, ProviderSettings> providers,
            List<ModelGroup> models,
            List<KeySettings> keys,
            RouterSettings router,
            StoreSettings store,
            StateSettings state,
            LimitSettings limits,
            UsageSettings usage,
            CacheSettings cache,
            ResponsesSettings responses,
            TracingSettings tracing,
            MetricsSettings metrics) {
        this(
                server,
                providers,
                models,
                keys,
                router,
                store,
                state,
                limits,
                usage,
                cache,
                responses,
                tracing,
                metrics,
                AlertSettings.defaults());
    }

    /** A config without {@code tracing:} (traces off; only {@link ConfigLoader} reads the {@code OTEL_*} variables) or {@code metrics:} (its defaults). */
    public GatewayConfig(
            ServerSettings server,
            Map<String, ProviderSettings> providers,
            List<ModelGroup> models,
            List<KeySettings> keys,
            RouterSettings router,
            StoreSettings store,
            StateSettings state,
            LimitSettings limits,
            UsageSettings usage,
            CacheSettings cache,
            ResponsesSettings responses) {
        this(
                server,
                providers,
                models,
                keys,
                router,
                store,
                state,
                limits,
                usage,
                cache,
                responses,
                TracingSettings.off(),
                MetricsSettings.defaults());
    }

    /** A config without {@code cache:} (the cache is off) or {@code responses:} (their defaults). */
    public GatewayConfig(
            ServerSettings server,
            Map<String, ProviderSettings> providers,
            List<ModelGroup> models,
            List<KeySettings> keys,
            RouterSettings router,
            StoreSettings store,
            StateSettings state,
            LimitSettings limits,
            UsageSettings usage) {
        this(
                server,
                providers,
                models,
                keys,
                router,
                store,
                state,
                limits,
                usage,
                CacheSettings.defaults(),
                ResponsesSettings.defaults());
    }

    /** A config without {@code limits:}, {@code prices:} or usage settings: their defaults. */
    public GatewayConfig(
            ServerSettings server,
            Map<String, ProviderSettings> providers,
            List<ModelGroup> models,
            List<KeySettings> keys,
            RouterSettings router,
            StoreSettings store,
            StateSettings state) {
        this(server, providers, models, keys, router, store, state, LimitSettings.defaults(), UsageSettings.defaults());
    }

    public GatewayConfig withServer(ServerSettings newServer) {
        return new GatewayConfig(
                newServer, providers, models, keys, router, store, state, limits, usage, cache, responses, tracing,
                metrics, alerts);
    }

    public GatewayConfig withStore(StoreSettings newStore) {
        return new GatewayConfig(
                server, providers, models, keys, router, newStore, state, limits, usage, cache, responses, tracing,
                metrics, alerts);
    }

    public GatewayConfig withState(StateSettings newState) {
        return new GatewayConfig(
                server, providers, models, keys, router, store, newState, limits, usage, cache, responses, tracing,
                metrics, alerts);
    }

    public GatewayConfig withUsage(UsageSettings newUsage) {
        return new GatewayConfig(
                server, providers, models, keys, router, store, state, limits, newUsage, cache, responses, tracing,
                metrics, alerts);
    }

    public GatewayConfig withCache(CacheSettings newCache) {
        return new GatewayConfig(
                server, providers, models, keys, router, store, state, limits, usage, newCache, responses, tracing,
                metrics, alerts);
    }

    /**
     * The cache settings of requests for {@code group} (a group's own section, else the top level's).
     */
    public CacheSettings cacheFor(@Nullable ModelGroup group) {
        return group == null || group.cache() == null ? cache : group.cache();
    }

    public GatewayConfig withProviders(Map<String, ProviderSettings> newProviders) {
        return new GatewayConfig(
                server,
                newProviders,
                models,
                keys,
                router,
                store,
                state,
                limits,
                usage,
                cache,
                responses,
                tracing,
                metrics,
                alerts);
    }

    public GatewayConfig withAlerts(AlertSettings newAlerts) {
        return new GatewayConfig(
                server, providers, models, keys, router, store, state, limits, usage, cache, responses, tracing,
                metrics, newAlerts);
    }
}
