package dev.gatehouse.server;

import dev.gatehouse.auth.KeyChangeBus;
import dev.gatehouse.auth.RedisKeyChangeBus;
import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigProblem;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.StateSettings;
import dev.gatehouse.config.StoredConfigMerge;
import dev.gatehouse.config.StoredConfigSettings;
import dev.gatehouse.configstore.ConfigStore;
import dev.gatehouse.configstore.SecretBox;
import dev.gatehouse.configstore.StoredConfig;
import dev.gatehouse.redis.RedisClients;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the stored providers and models to the config the gateway was given (its file, reloaded, or
 * one built in code: the base). Holds the base, so a stored change is merged with the same base a
 * file reload last read, and a file reload with the stored entries last read. A stored entry that
 * does not fit the base (a file reload removed the provider it names) is left out and logged, never
 * the reason the gateway stops serving.
 */
final class StoredConfigWiring {

    private static final Logger LOG = LoggerFactory.getLogger(StoredConfigWiring.class);
    static final String CHANNEL = "gatehouse:config:changed";

    private volatile GatewayConfig base;
    private final StoredConfig stored;

    private StoredConfigWiring(GatewayConfig base, StoredConfig stored) {
        this.base = base;
        this.stored = stored;
    }

    /**
     * @param env where {@code GATEHOUSE_SECRETS_KEY} is read when the config sets no key
     * @param serve swaps a merged config in; called in order
     */
    static StoredConfigWiring open(
            Vertx vertx,
            GatewayClock clock,
            GatewayConfig base,
            ConfigStore store,
            Map<String, String> env,
            Function<GatewayConfig, Future<?>> serve) {
        StoredConfigSettings settings = base.storedConfig();
        StoredConfigSettings.SecretsKey key = settings.secretsKey() != null
                ? settings.secretsKey()
                : StoredConfigSettings.fromEnvironment(env).secretsKey();
        StateSettings state = base.state();
        KeyChangeBus bus = state.kind() == StateSettings.Kind.REDIS
                ? new RedisKeyChangeBus(vertx, clock, RedisClients.options(state), state.keyPrefix(), CHANNEL)
                : KeyChangeBus.LOCAL;
        AtomicReference<@Nullable StoredConfigWiring> self = new AtomicReference<>();
        StoredConfig stored = new StoredConfig(
                vertx, clock, store, key == null ? null : new SecretBox(key), bus, settings.pollInterval(), read -> {
                    StoredConfigWiring wiring = self.get();
                    if (wiring == null) {
                        return Future.succeededFuture();
                    }
                    return serve.apply(wiring.merged(wiring.base, read).config())
                            .<Void>mapEmpty()
                            .onFailure(e -> LOG.error(
                                    "stored config: the merged config was not served, keeping the running one: {}",
                                    e.getMessage()))
                            .otherwiseEmpty();
                });
        StoredConfigWiring wiring = new StoredConfigWiring(base, stored);
        self.set(wiring);
        return wiring;
    }

    StoredConfig stored() {
        return stored;
    }

    GatewayConfig base() {
        return base;
    }

    /** Reads the store the first time and merges it with the base. Blocks (JDBC): call it on a worker thread. */
    GatewayConfig loadMerged() {
        return merged(base, stored.load()).config();
    }

    /** A file reload's config becomes the base, merged with the stored entries last read. */
    GatewayConfig rebase(GatewayConfig fromFile) {
        base = fromFile;
        return merged(fromFile, stored.served()).config();
    }

    /** Strictly: {@code candidate} merged with the base, or every problem (the admin API's check before a write). */
    StoredConfigMerge.Merged check(StoredConfig.Snapshot candidate) throws ConfigException {
        return StoredConfigMerge.merge(base, candidate.providers(), candidate.models());
    }

    /** {@code read} merged with {@code with}, leaving out each stored entry a problem is found in. */
    StoredConfigMerge.Merged merged(GatewayConfig with, StoredConfig.Snapshot read) {
        List<StoredConfigMerge.Entry> providers = new ArrayList<>(read.providers());
        List<StoredConfigMerge.Entry> models = new ArrayList<>(read.models());
        while (true) {
            try {
                StoredConfigMerge.Merged merged = StoredConfigMerge.merge(with, providers, models);
                warnShadowed("provider", merged.shadowedProviders());
                warnShadowed("model", merged.shadowedModels());
                return merged;
            } catch (ConfigException e) {
                List<String> dropped = new ArrayList<>();
                for (ConfigProblem problem : e.problems()) {
                    StoredConfigMerge.Entry p = owner(problem.path(), providers, true);
                    StoredConfigMerge.Entry m = owner(problem.path(), models, false);
                    if (p != null && providers.remove(p)) {
                        dropped.add("provider " + p.name());
                    }
                    if (m != null && models.remove(m)) {
                        dropped.add("model " + m.name());
                    }
                }
                LOG.error(
                        "stored config: left out {} ({})",
                        dropped.isEmpty() ? "everything stored" : dropped,
                        e.getMessage());
                if (dropped.isEmpty()) {
                    return new StoredConfigMerge.Merged(with, Set.of(), Set.of());
                }
            }
        }
    }

    /** The stored entry a problem path is in: the longest name whose path is a prefix of it. */
    private static StoredConfigMerge.@Nullable Entry owner(
            String path, List<StoredConfigMerge.Entry> entries, boolean provider) {
        StoredConfigMerge.Entry best = null;
        for (StoredConfigMerge.Entry entry : entries) {
            String prefix =
                    provider ? StoredConfigMerge.providerPath(entry.name()) : StoredConfigMerge.modelPath(entry.name());
            boolean inside = path.equals(prefix) || path.startsWith(prefix + ".") || path.startsWith(prefix + "[");
            if (inside && (best == null || entry.name().length() > best.name().length())) {
                best = entry;
            }
        }
        return best;
    }

    private static void warnShadowed(String kind, Set<String> names) {
        for (String name : names) {
            LOG.warn(
                    "stored config: {} '{}' is defined in the config file too; the file's definition is served",
                    kind,
                    name);
        }
    }
}
