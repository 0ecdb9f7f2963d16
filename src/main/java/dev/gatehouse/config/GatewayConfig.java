package dev.gatehouse.config;

import java.util.List;
import java.util.Map;

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
        ResponsesSettings responses) {

    public GatewayConfig {
        providers = Map.copyOf(providers);
        models = List.copyOf(models);
        keys = List.copyOf(keys);
    }

    /** A config without {@code responses:}: its defaults. */
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
        this(server, providers, models, keys, router, store, state, limits, usage, ResponsesSettings.defaults());
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
        return new GatewayConfig(newServer, providers, models, keys, router, store, state, limits, usage, responses);
    }

    public GatewayConfig withStore(StoreSettings newStore) {
        return new GatewayConfig(server, providers, models, keys, router, newStore, state, limits, usage, responses);
    }

    public GatewayConfig withState(StateSettings newState) {
        return new GatewayConfig(server, providers, models, keys, router, store, newState, limits, usage, responses);
    }

    public GatewayConfig withUsage(UsageSettings newUsage) {
        return new GatewayConfig(server, providers, models, keys, router, store, state, limits, newUsage, responses);
    }

    public GatewayConfig withProviders(Map<String, ProviderSettings> newProviders) {
        return new GatewayConfig(server, newProviders, models, keys, router, store, state, limits, usage, responses);
    }
}
