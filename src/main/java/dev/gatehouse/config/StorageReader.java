package dev.gatehouse.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the {@code store} and {@code state} sections. Each takes the one-word form
 * ({@code store: postgres}, {@code state: redis}) or a mapping with a {@code type} and settings.
 */
final class StorageReader {

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_.-]{0,64}");

    private StorageReader() {}

    static StoreSettings store(ConfigNode top, Path dataDir) {
        StoreSettings d = StoreSettings.defaults(dataDir);
        if (!top.has("store")) {
            return d;
        }
        String word = top.scalarText("store");
        if (word != null) {
            return new StoreSettings(storeKind(top, "store", word, d.kind()), d.path(), null, null, null, d.poolSize());
        }
        ConfigNode node = top.object("store");
        if (node == null) {
            return d;
        }
        StoreSettings.Kind kind = storeKind(node, "type", node.string("type", "sqlite"), d.kind());
        StoreSettings s = new StoreSettings(
                kind,
                node.string("path", d.path()),
                kind == StoreSettings.Kind.POSTGRES
                        ? node.string("url", "jdbc:postgresql://127.0.0.1:5432/gatehouse")
                        : node.string("url", false),
                node.string("user", false),
                node.string("password", false),
                node.integer("pool_size", kind == StoreSettings.Kind.POSTGRES ? 10 : d.poolSize(), 1, 1000));
        node.finish();
        return s;
    }

    static StateSettings state(ConfigNode top) {
        StateSettings d = StateSettings.defaults();
        if (!top.has("state")) {
            return d;
        }
        String word = top.scalarText("state");
        if (word != null) {
            return new StateSettings(
                    stateKind(top, "state", word, d.kind()),
                    d.redisUrl(),
                    d.failClosed(),
                    d.budgetsOnFailure(),
                    d.instances(),
                    d.keyPollInterval(),
                    d.namespace());
        }
        ConfigNode node = top.object("state");
        if (node == null) {
            return d;
        }
        boolean redisSection = node.has("redis");
        StateSettings.Kind kind =
                stateKind(node, "type", node.string("type", redisSection ? "redis" : "memory"), d.kind());
        String policy = node.string("on_redis_failure", "fail_open");
        if (!policy.equals("fail_open") && !policy.equals("fail_closed")) {
            node.problem("on_redis_failure", "must be fail_open or fail_closed, got '" + policy + "'");
        }
        String namespace = node.string("namespace", d.namespace());
        if (!NAMESPACE.matcher(namespace).matches()) {
            node.problem(
                    "namespace",
                    "must be at most 64 letters, digits, '_', '-' or '.' (no braces: the keys' Redis Cluster hash "
                            + "tag must stay {gh}), got '" + namespace + "'");
        }
        String budgets =
                node.string("budgets_on_redis_failure", d.budgetsOnFailure().wire());
        StateSettings.BudgetFailure budgetPolicy = switch (budgets) {
            case "share" -> StateSettings.BudgetFailure.SHARE;
            case "fail_closed" -> StateSettings.BudgetFailure.FAIL_CLOSED;
            default -> {
                node.problem("budgets_on_redis_failure", "must be share or fail_closed, got '" + budgets + "'");
                yield d.budgetsOnFailure();
            }
        };
        Integer instances = node.has("instances") ? node.integer("instances", 1, 1, 10_000) : null;
        String redisUrl = node.string("redis_url", d.redisUrl());
        List<String> clusterNodes = List.of();
        if (redisSection) {
            if (node.has("redis_url")) {
                node.problem("redis_url", "give either redis_url or a redis section, not both");
            }
            if (kind != StateSettings.Kind.REDIS) {
                node.problem("redis", "is only read with type: redis");
            }
            RedisServers servers = RedisServers.read(node.object("redis"), d.redisUrl());
            redisUrl = servers.url();
            clusterNodes = servers.clusterNodes();
        }
        StateSettings s = new StateSettings(
                kind,
                redisUrl,
                policy.equals("fail_closed"),
                budgetPolicy,
                instances,
                keyPollInterval(node, d.keyPollInterval()),
                namespace,
                clusterNodes);
        node.finish();
        return s;
    }

    /** A duration, or a plain {@code 0} for off. */
    private static Duration keyPollInterval(ConfigNode node, Duration fallback) {
        if ("0".equals(node.scalarText("key_poll_interval"))) {
            return Duration.ZERO;
        }
        return node.duration("key_poll_interval", fallback);
    }

    private static StoreSettings.Kind storeKind(
            ConfigNode node, String field, String word, StoreSettings.Kind fallback) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "sqlite" -> StoreSettings.Kind.SQLITE;
            case "postgres", "postgresql" -> StoreSettings.Kind.POSTGRES;
            default -> {
                node.problem(field, "must be sqlite or postgres, got '" + word + "'");
                yield fallback;
            }
        };
    }

    private static StateSettings.Kind stateKind(
            ConfigNode node, String field, String word, StateSettings.Kind fallback) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "memory" -> StateSettings.Kind.MEMORY;
            case "redis" -> StateSettings.Kind.REDIS;
            default -> {
                node.problem(field, "must be memory or redis, got '" + word + "'");
                yield fallback;
            }
        };
    }
}
