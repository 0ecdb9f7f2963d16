package dev.gatehouse.server;

import dev.gatehouse.cache.semantic.MeaningCheck;
import dev.gatehouse.cache.semantic.TextEmbedder;
import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the semantic cache is built from: the built-in sentence embedder (made once, when a semantic
 * cache section first needs it) and the meaning check that vets semantic candidates. Production uses
 * {@link #defaults()}; tests give their own.
 *
 * @param builtIn makes the built-in embedder; it may give {@code null} when this build has none, and
 *     then {@code mode: semantic} needs {@code semantic.embedding_model}
 */
public record CacheWiring(Function<Vertx, @Nullable TextEmbedder> builtIn, MeaningCheck meaningCheck) {

    public static CacheWiring defaults() {
        return new CacheWiring(CacheWiring::defaultEmbedder, defaultMeaningCheck());
    }

    /**
     * The built-in embedder: none yet, so a semantic section without {@code embedding_model} refuses
     * to start. The in-process all-MiniLM-L6-v2 embedder ({@code cache.semantic.MiniLmEmbedder}) goes here.
     */
    static @Nullable TextEmbedder defaultEmbedder(Vertx vertx) {
        return null;
    }

    /**
     * The near-miss verifier ({@code cache.semantic.NearMissCheck}) goes here. Until it does, the
     * check only lets through questions equal but for case, spacing and punctuation: a semantic
     * match that cannot be wrong, at the price of few matches.
     */
    static MeaningCheck defaultMeaningCheck() {
        return (cached, asked) -> normalised(cached).equals(normalised(asked)) ? null : "the texts differ";
    }

    private static String normalised(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}\\s]+", " ").trim();
    }
}
