package dev.gatehouse.config;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where rate-limit, concurrency and budget counters live, and how instances stay in step.
 *
 * @param kind in this process's memory (one instance) or in Redis (shared by many)
 * @param redisUrl e.g. {@code redis://127.0.0.1:6379}
 * @param failClosed for rate limits when Redis is unreachable: true answers 503, false falls back
 *     to local counters ({@code on_redis_failure})
 * @param budgetsOnFailure what budgeted requests get while Redis is unreachable
 *     ({@code budgets_on_redis_failure})
 * @param instances how many gateway instances share the budgets ({@code instances}); null: count
 *     the live instances in Redis
 * @param keyPollInterval how often the key store's change sequence is polled
 *     ({@code key_poll_interval}); zero turns polling off
 * @param namespace put in front of every Redis key and the pub/sub channel, so several gateways (or
 *     test runs) can share one Redis without sharing state; empty (the default) keeps the key names
 *     of versions that had no namespace
 * @param clusterNodes the seed nodes of a Redis Cluster ({@code redis.mode: cluster},
 *     {@code redis.nodes}); empty for one Redis server at {@code redisUrl}
 */
public record StateSettings(
        Kind kind,
        String redisUrl,
        boolean failClosed,
        BudgetFailure budgetsOnFailure,
        @Nullable Integer instances,
        Duration keyPollInterval,
        String namespace,
        List<String> clusterNodes) {

    public StateSettings {
        clusterNodes = List.copyOf(clusterNodes);
    }

    /** One Redis server (no cluster nodes). */
    public StateSettings(
            Kind kind,
            String redisUrl,
            boolean failClosed,
            BudgetFailure budgetsOnFailure,
            @Nullable Integer instances,
            Duration keyPollInterval,
            String namespace) {
        this(kind, redisUrl, failClosed, budgetsOnFailure, instances, keyPollInterval, namespace, List.of());
    }

    public enum Kind {
        MEMORY,
        REDIS
    }

    /**
     * Budgets while Redis is unreachable. {@code FAIL_CLOSED}, the default, refuses budgeted requests
     * (503): no spend can pass a budget, whatever the instances do. {@code SHARE} lets each instance
     * spend its share of what the budget had left.
     */
    public enum BudgetFailure {
        SHARE,
        FAIL_CLOSED;

        public String wire() {
            return this == SHARE ? "share" : "fail_closed";
        }
    }

    public static final Duration DEFAULT_KEY_POLL_INTERVAL = Duration.ofSeconds(2);

    public static StateSettings defaults() {
        return new StateSettings(
                Kind.MEMORY,
                "redis://127.0.0.1:6379",
                false,
                BudgetFailure.FAIL_CLOSED,
                null,
                DEFAULT_KEY_POLL_INTERVAL,
                "");
    }

    /** Whether instances poll the key store's change sequence. */
    public boolean pollsKeyChanges() {
        return !keyPollInterval.isZero();
    }

    public StateSettings withNamespace(String newNamespace) {
        return new StateSettings(
                kind, redisUrl, failClosed, budgetsOnFailure, instances, keyPollInterval, newNamespace, clusterNodes);
    }

    /** Whether the state lives in a Redis Cluster rather than one Redis server. */
    public boolean cluster() {
        return !clusterNodes.isEmpty();
    }

    /**
     * What goes in front of every key: the namespace and a colon, or nothing. It stays outside the
     * {@code {gh}} hash tag (a namespace has no braces), so every key of one gateway still lands in
     * one Redis Cluster slot and its scripts stay atomic across scopes.
     */
    public String keyPrefix() {
        return namespace.isEmpty() ? "" : namespace + ":";
    }
}
