package dev.gatehouse.server;

import dev.gatehouse.auth.KeyRing;
import dev.gatehouse.auth.KeyStore;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.guardrail.stage.StoredPolicyCheck;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.prompts.PromptRegistry;
import dev.gatehouse.prompts.template.PromptTemplate;
import dev.gatehouse.routing.DeploymentOrder;
import dev.gatehouse.routing.DeploymentRegistry;
import dev.gatehouse.routing.DialectCapabilities;
import dev.gatehouse.routing.HeuristicComplexityClassifier;
import dev.gatehouse.routing.ModelTable;
import dev.gatehouse.routing.RoutePlanner;
import dev.gatehouse.usage.PriceTable;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Everything derived from one config snapshot that requests read. Immutable; replaced whole (one
 * volatile reference swap) when the config or the keys change, so a request sees one consistent
 * version from start to end. Deployment health lives outside it, in the registry, and survives.
 */
public record GatewayState(
        GatewayConfig config, KeyRing keys, ModelTable models, RoutePlanner planner, PromptRegistry prompts) {

    /** Why a running gateway's config has a master key: the server starts only with one, and a reload keeps it. */
    static final String NEEDS_MASTER_KEY =
            "the gateway serves only a config with a master key; a reload carries it over";

    /**
     * The state of {@code config} with the stored keys of {@code stored} beside the configured ones.
     *
     * @param dialects what each provider type can do beyond chat (the adapters' optional abilities)
     * @param clock wall time, for key expiry
     * @param storedPrompts the prompt templates read from the store (the config's win for their ids)
     */
    public static GatewayState of(
            GatewayConfig config,
            DeploymentRegistry registry,
            DialectCapabilities dialects,
            KeyStore.Snapshot stored,
            InstantSource clock,
            List<PromptTemplate> storedPrompts) {
        PriceTable prices = PriceTable.builtIn().with(config.usage().prices());
        ModelTable table = new ModelTable(config, prices);
        RoutePlanner planner = new RoutePlanner(
                table,
                config.providers(),
                registry,
                new DeploymentOrder(prices, () -> ThreadLocalRandom.current().nextDouble()),
                new HeuristicComplexityClassifier(),
                dialects);
        StoredPolicyCheck.warn(config.guardrails(), stored);
        return new GatewayState(
                config,
                keyRing(config, stored, clock),
                table,
                planner,
                PromptRegistry.of(config.prompts(), storedPrompts));
    }

    /** Puts the parts of this state that stages read on a new exchange, so a request sees one version. */
    void seed(Exchange ex) {
        ex.put(KeyRing.KEY, keys);
        ex.put(RoutePlanner.KEY, planner);
        ex.put(PromptRegistry.KEY, prompts);
    }

    /** The same state serving the stored keys of {@code stored}. */
    public GatewayState withStoredKeys(KeyStore.Snapshot stored, InstantSource clock) {
        return new GatewayState(config, keyRing(config, stored, clock), models, planner, prompts);
    }

    /** The same state serving the stored prompt templates {@code stored}. */
    public GatewayState withStoredPrompts(List<PromptTemplate> stored) {
        return new GatewayState(config, keys, models, planner, PromptRegistry.of(config.prompts(), stored));
    }

    private static KeyRing keyRing(GatewayConfig config, KeyStore.Snapshot stored, InstantSource clock) {
        return KeyRing.of(
                Objects.requireNonNull(config.server().masterKey(), NEEDS_MASTER_KEY), config.keys(), stored, clock);
    }
}
