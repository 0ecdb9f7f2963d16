package dev.gatehouse.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The response cache ({@code cache:}, at the top level and per model group; a group's section
 * overrides the top level's field by field).
 *
 * @param mode {@code off}, {@code exact} or {@code semantic}
 * @param ttl how long an entry answers, unless a request's {@code x-gatehouse-cache-ttl} says otherwise
 * @param scope who shares entries: the key's team ({@code team}, the key itself without a team), the key, or everyone
 * @param maxEntries the most entries kept in memory (top level only)
 * @param threshold the cosine similarity at or above which a semantic candidate is considered
 * @param embeddingModel a gateway model that embeds the texts of semantic lookups, or {@code null} for the built-in embedder
 */
public record CacheSettings(
        Mode mode,
        Duration ttl,
        Scope scope,
        long maxEntries,
        double threshold,
        @Nullable String embeddingModel) {

    /** Whether and how answers are reused. */
    public enum Mode {
        OFF,
        EXACT,
        SEMANTIC
    }

    /** Who may be answered from an entry: only requests of the same scope id. */
    public enum Scope {
        TEAM,
        KEY,
        GLOBAL
    }

    /**
     * The built-in embedder's threshold ({@code cache.semantic.MiniLmEmbedder.DEFAULT_THRESHOLD}, which
     * {@code gatehouse cache eval} supports; a test keeps the two equal).
     */
    public static final double DEFAULT_THRESHOLD = 0.80;

    public static CacheSettings defaults() {
        return new CacheSettings(Mode.OFF, Duration.ofHours(1), Scope.TEAM, 100_000, DEFAULT_THRESHOLD, null);
    }

    public boolean on() {
        return mode != Mode.OFF;
    }
}
