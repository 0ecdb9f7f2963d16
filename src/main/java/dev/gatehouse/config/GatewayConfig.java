package dev.gatehouse.config;

import dev.gatehouse.prompts.template.PromptTemplate;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A validated, immutable configuration. Swapped whole on reload, never edited in place.
 *
 * <p>Built with {@link #builder}: the sections every gateway has are its arguments, every other
 * section starts at its defaults, so a new section adds one builder field instead of a constructor.
 */
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
        AlertSettings alerts,
        BatchSettings batches,
        StoredConfigSettings storedConfig) {

    public GatewayConfig {
        providers = Map.copyOf(providers);
        models = List.copyOf(models);
        keys = List.copyOf(keys);
        prompts = List.copyOf(prompts);
    }

    /** A builder over the sections every config has; the others start at their defaults. */
    public static Builder builder(
            ServerSettings server,
            Map<String, ProviderSettings> providers,
            List<ModelGroup> models,
            StoreSettings store,
            UsageSettings usage) {
        return new Builder(server, providers, models, store, usage);
    }

    /** A builder holding this config's sections, to change some and keep the rest. */
    public Builder toBuilder() {
        return new Builder(server, providers, models, store, usage)
                .keys(keys)
                .router(router)
                .state(state)
                .limits(limits)
                .cache(cache)
                .responses(responses)
                .tracing(tracing)
                .metrics(metrics)
                .guardrails(guardrails)
                .mcp(mcp)
                .ui(ui)
                .prompts(prompts)
                .alerts(alerts)
                .batches(batches)
                .storedConfig(storedConfig);
    }

    /**
     * The cache settings of requests for {@code group} (a group's own section, else the top level's).
     */
    public CacheSettings cacheFor(@Nullable ModelGroup group) {
        return group == null || group.cache() == null ? cache : group.cache();
    }

    public GatewayConfig withServer(ServerSettings newServer) {
        return toBuilder().server(newServer).build();
    }

    public GatewayConfig withStore(StoreSettings newStore) {
        return toBuilder().store(newStore).build();
    }

    public GatewayConfig withState(StateSettings newState) {
        return toBuilder().state(newState).build();
    }

    public GatewayConfig withUsage(UsageSettings newUsage) {
        return toBuilder().usage(newUsage).build();
    }

    public GatewayConfig withCache(CacheSettings newCache) {
        return toBuilder().cache(newCache).build();
    }

    public GatewayConfig withProviders(Map<String, ProviderSettings> newProviders) {
        return toBuilder().providers(newProviders).build();
    }

    public GatewayConfig withGuardrails(GuardrailsConfig newGuardrails) {
        return toBuilder().guardrails(newGuardrails).build();
    }

    public GatewayConfig withTelemetry(TracingSettings newTracing, MetricsSettings newMetrics) {
        return toBuilder().tracing(newTracing).metrics(newMetrics).build();
    }

    public GatewayConfig withMcp(McpSettings newMcp) {
        return toBuilder().mcp(newMcp).build();
    }

    public GatewayConfig withUi(UiSettings newUi) {
        return toBuilder().ui(newUi).build();
    }

    public GatewayConfig withAlerts(AlertSettings newAlerts) {
        return toBuilder().alerts(newAlerts).build();
    }

    /** Sections not given start at what an absent section means in the file. */
    public static final class Builder {
        private ServerSettings server;
        private Map<String, ProviderSettings> providers;
        private List<ModelGroup> models;
        private List<KeySettings> keys = List.of();
        private RouterSettings router = RouterSettings.defaults();
        private StoreSettings store;
        private StateSettings state = StateSettings.defaults();
        private LimitSettings limits = LimitSettings.defaults();
        private UsageSettings usage;
        private CacheSettings cache = CacheSettings.defaults();
        private ResponsesSettings responses = ResponsesSettings.defaults();
        private TracingSettings tracing = TracingSettings.off();
        private MetricsSettings metrics = MetricsSettings.defaults();
        private GuardrailsConfig guardrails = GuardrailsConfig.NONE;
        private McpSettings mcp = McpSettings.none();
        private UiSettings ui = UiSettings.defaults();
        private List<PromptTemplate> prompts = List.of();
        private AlertSettings alerts = AlertSettings.defaults();
        private BatchSettings batches = BatchSettings.defaults();
        private StoredConfigSettings storedConfig = StoredConfigSettings.defaults();

        private Builder(
                ServerSettings server,
                Map<String, ProviderSettings> providers,
                List<ModelGroup> models,
                StoreSettings store,
                UsageSettings usage) {
            this.server = server;
            this.providers = providers;
            this.models = models;
            this.store = store;
            this.usage = usage;
        }

        public Builder server(ServerSettings value) {
            server = value;
            return this;
        }

        public Builder providers(Map<String, ProviderSettings> value) {
            providers = value;
            return this;
        }

        public Builder models(List<ModelGroup> value) {
            models = value;
            return this;
        }

        public Builder keys(List<KeySettings> value) {
            keys = value;
            return this;
        }

        public Builder router(RouterSettings value) {
            router = value;
            return this;
        }

        public Builder store(StoreSettings value) {
            store = value;
            return this;
        }

        public Builder state(StateSettings value) {
            state = value;
            return this;
        }

        public Builder limits(LimitSettings value) {
            limits = value;
            return this;
        }

        public Builder usage(UsageSettings value) {
            usage = value;
            return this;
        }

        public Builder cache(CacheSettings value) {
            cache = value;
            return this;
        }

        public Builder responses(ResponsesSettings value) {
            responses = value;
            return this;
        }

        public Builder tracing(TracingSettings value) {
            tracing = value;
            return this;
        }

        public Builder metrics(MetricsSettings value) {
            metrics = value;
            return this;
        }

        public Builder guardrails(GuardrailsConfig value) {
            guardrails = value;
            return this;
        }

        public Builder mcp(McpSettings value) {
            mcp = value;
            return this;
        }

        public Builder ui(UiSettings value) {
            ui = value;
            return this;
        }

        public Builder prompts(List<PromptTemplate> value) {
            prompts = value;
            return this;
        }

        public Builder alerts(AlertSettings value) {
            alerts = value;
            return this;
        }

        public Builder batches(BatchSettings value) {
            batches = value;
            return this;
        }

        public Builder storedConfig(StoredConfigSettings value) {
            storedConfig = value;
            return this;
        }

        public GatewayConfig build() {
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
                    alerts,
                    batches,
                    storedConfig);
        }
    }
}
