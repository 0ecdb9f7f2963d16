package dev.gatehouse.config;

import dev.gatehouse.prompts.template.PromptTemplate;
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
        GuardrailsConfig guardrails,
        McpSettings mcp,
        UiSettings ui,
        List<PromptTemplate> prompts,
        AlertSettings alerts) {

    /** A config without {@code alerts:} (one rule per event with its defaults, no webhook). */
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
            MetricsSettings metrics,
            GuardrailsConfig guardrails,
            McpSettings mcp,
            UiSettings ui,
            List<PromptTemplate> prompts) {
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
                guardrails,
                mcp,
                ui,
                prompts,
                AlertSettings.defaults());
    }

    /** A config without {@code prompts:} (no templates of its own; stored ones still serve). */
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
            MetricsSettings metrics,
            GuardrailsConfig guardrails,
            McpSettings mcp,
            UiSettings ui) {
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
                guardrails,
                mcp,
                ui,
                List.of());
    }

    /** A config without {@code ui:} (the dashboard with its defaults). */
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
            MetricsSettings metrics,
            GuardrailsConfig guardrails,
            McpSettings mcp) {
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
                guardrails,
                mcp,
                UiSettings.defaults());
    }

    /** A config without {@code mcp:} (no tool servers behind {@code /mcp}). */
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
            MetricsSettings metrics,
            GuardrailsConfig guardrails) {
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
                guardrails,
                McpSettings.none());
    }

    /** A config without {@code guardrails:} or {@code guardrail_policies:}: no guardrail runs. */
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
                GuardrailsConfig.NONE);
    }

    public GatewayConfig {
        providers = Map.copyOf(providers);
        models = List.copyOf(models);
        keys = List.copyOf(keys);
        prompts = List.copyOf(prompts);
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
                newServer,
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
                guardrails,
                mcp,
                ui,
                prompts,
                alerts);
    }

    public GatewayConfig withStore(StoreSettings newStore) {
        return new GatewayConfig(
                server,
                providers,
                models,
                keys,
                router,
                newStore,
                state,
                limits,
                usage,
                cache,
                responses,
                tracing,
                metrics,
                guardrails,
                mcp,
                ui,
                prompts,
                alerts);
    }

    public GatewayConfig withState(StateSettings newState) {
        return new GatewayConfig(
                server,
                providers,
                models,
                keys,
                router,
                store,
                newState,
                limits,
                usage,
                cache,
                responses,
                tracing,
                metrics,
                guardrails,
                mcp,
                ui,
                prompts,
                alerts);
    }

    public GatewayConfig withUsage(UsageSettings newUsage) {
        return new GatewayConfig(
                server,
                providers,
                models,
                keys,
                router,
                store,
                state,
                limits,
                newUsage,
                cache,
                responses,
                tracing,
                metrics,
                guardrails,
                mcp,
                ui,
                prompts,
                alerts);
    }

    public GatewayConfig withCache(CacheSettings newCache) {
        return new GatewayConfig(
                server,
                providers,
                models,
                keys,
                router,
                store,
                state,
                limits,
                usage,
                newCache,
                responses,
                tracing,
                metrics,
                guardrails,
                mcp,
                ui,
                prompts,
                alerts);
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
                guardrails,
                mcp,
                ui,
                prompts,
                alerts);
    }

    public GatewayConfig withGuardrails(GuardrailsConfig newGuardrails) {
        return new GatewayConfig(
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
                newGuardrails,
                mcp,
                ui,
                prompts,
                alerts);
    }

    public GatewayConfig withTelemetry(TracingSettings newTracing, MetricsSettings newMetrics) {
        return new GatewayConfig(
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
                newTracing,
                newMetrics,
                guardrails,
                mcp,
                ui,
                prompts,
                alerts);
    }

    public GatewayConfig withMcp(McpSettings newMcp) {
        return new GatewayConfig(
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
                guardrails,
                newMcp,
                ui,
                prompts,
                alerts);
    }

    public GatewayConfig withUi(UiSettings newUi) {
        return new GatewayConfig(
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
                guardrails,
                mcp,
                newUi,
                prompts,
                alerts);
    }

    public GatewayConfig withAlerts(AlertSettings newAlerts) {
        return new GatewayConfig(
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
                guardrails,
                mcp,
                ui,
                prompts,
                newAlerts);
    }
}
