package dev.gatehouse.config;

/**
 * Where rate-limit, concurrency and budget counters live.
 *
 * @param kind in this process's memory (one instance) or in Redis (shared by many)
 * @param redisUrl e.g. {@code redis://127.0.0.1:6379}
 * @param failClosed when Redis is unreachable: true answers 503, false falls back to local counters
 * @param namespace put in front of every Redis key and the pub/sub channel, so several gateways (or
 *     test runs) can share one Redis without sharing state; empty (the default) keeps the key names
 *     of versions that had no namespace
 */
public record StateSettings(Kind kind, String redisUrl, boolean failClosed, String namespace) {

    public enum Kind {
        MEMORY,
        REDIS
    }

    /** Settings without a namespace. */
    public StateSettings(Kind kind, String redisUrl, boolean failClosed) {
        this(kind, redisUrl, failClosed, "");
    }

    public static StateSettings defaults() {
        return new StateSettings(Kind.MEMORY, "redis://127.0.0.1:6379", false);
    }

    public StateSettings withNamespace(String newNamespace) {
        return new StateSettings(kind, redisUrl, failClosed, newNamespace);
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
