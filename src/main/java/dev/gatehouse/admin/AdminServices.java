package dev.gatehouse.admin;

import dev.gatehouse.alerts.AlertEngine;
import dev.gatehouse.auth.KeyRing;
import dev.gatehouse.auth.KeyStore;
import dev.gatehouse.cache.ResponseCache;
import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.StateSettings;
import dev.gatehouse.config.StoredConfigMerge;
import dev.gatehouse.configstore.StoredConfig;
import dev.gatehouse.mcp.McpGateway;
import dev.gatehouse.metering.UsageStore;
import dev.gatehouse.prompts.PromptRegistry;
import dev.gatehouse.prompts.PromptStore;
import dev.gatehouse.redis.RedisHealth;
import dev.gatehouse.routing.DeploymentRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.InstantSource;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the admin API needs from the running gateway. The admin API sits below the server in the
 * package graph, so the server hands it these views rather than itself.
 *
 * @param keys the current key ring, to check the caller is an admin
 * @param changed called after every successful write; its future completes once this instance
 *     serves the change (other instances learn of it through the change bus)
 * @param config the config now in force
 * @param reload reloads the config file, or null when the gateway was started without one
 * @param liveInstances the gateway instances last counted live in Redis; 0 when not known or without Redis
 * @param cache the response cache, for its status and deletions
 * @param mcp the tool servers behind {@code /mcp}, for their status and access rules
 * @param prompts the prompt store, the registry now served, and what to call after a write to the store
 * @param alerts the alert engine: its alerts and rules
 * @param storedConfigs the stored providers and models, and the check a change must pass
 */
public record AdminServices(
        Vertx vertx,
        KeyStore store,
        Supplier<KeyRing> keys,
        Supplier<Future<Void>> changed,
        InstantSource clock,
        Supplier<GatewayConfig> config,
        DeploymentRegistry registry,
        @Nullable Supplier<Future<GatewayConfig>> reload,
        UsageStore usage,
        Supplier<RedisHealth> redisHealth,
        IntSupplier liveInstances,
        ResponseCache cache,
        McpGateway mcp,
        Prompts prompts,
        AlertEngine alerts,
        StoredConfigs storedConfigs) {

    /**
     * The stored providers and models' part of the admin API.
     *
     * @param stored the store, its secrets box, reads, and the change hook (serve here, tell the others)
     * @param base the config the stored entries are merged with (the file's, or the one built in code)
     * @param check merges a candidate read with the base as strictly as a file is read
     */
    public record StoredConfigs(StoredConfig stored, Supplier<GatewayConfig> base, Check check) {

        /** Merges {@code candidate} with the base; every problem, with its path, when it does not fit. */
        public interface Check {
            StoredConfigMerge.Merged merge(StoredConfig.Snapshot candidate) throws ConfigException;
        }
    }

    /**
     * The prompt templates' part of the admin API.
     *
     * @param changed rereads the store into the state; its future completes once this instance serves the change
     */
    public record Prompts(PromptStore store, Supplier<PromptRegistry> registry, Supplier<Future<Void>> changed) {}

    /** Counter-state settings now in force (memory or Redis), for the limits status endpoint. */
    public StateSettings stateSettings() {
        return config.get().state();
    }
}
