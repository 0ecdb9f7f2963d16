package dev.gatehouse.config;

/**
 * Where rate-limit, concurrency and budget counters live.
 *
 * @param kind in this process's memory (one instance) or in Redis (shared by many)
 * @param redisUrl e.g. {@code redis://127.0.0.1:6379}
 * @param failClosed when Redis is unreachable: true answers 503, false falls back to local counters
 */
public record StateSettings(Kind kind, String redisUrl, boolean failClosed) {

    public enum Kind {
        MEMORY,
        REDIS
    }

    public static StateSettings defaults() {
        return new StateSettings(Kind.MEMORY, "redis://127.0.0.1:6379", false);
    }
}
