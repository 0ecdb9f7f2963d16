package dev.gatehouse.server;

import dev.gatehouse.cache.semantic.MeaningCheck;
import dev.gatehouse.cache.semantic.MiniLmEmbedder;
import dev.gatehouse.cache.semantic.NearMissCheck;
import dev.gatehouse.cache.semantic.TextEmbedder;
import io.vertx.core.Vertx;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the semantic cache is built from: the built-in sentence embedder (made once, when a semantic
 * cache section first needs it) and the meaning check that vets semantic candidates. Production uses
 * {@link #defaults()}; tests give their own.
 *
 * @param builtIn makes the built-in embedder; it may give {@code null} (a test's wiring without one),
 *     and then {@code mode: semantic} needs {@code semantic.embedding_model}
 */
public record CacheWiring(Function<Vertx, @Nullable TextEmbedder> builtIn, MeaningCheck meaningCheck) {

    private static final Logger LOG = LoggerFactory.getLogger(CacheWiring.class);

    public static CacheWiring defaults() {
        return new CacheWiring(CacheWiring::defaultEmbedder, defaultMeaningCheck());
    }

    /**
     * The built-in embedder: all-MiniLM-L6-v2 in process. Made when a semantic section first needs it
     * (at start or on the reload that adds one), and its model loaded on a worker right away, so the
     * first request does not wait the second or so the load takes.
     */
    static TextEmbedder defaultEmbedder(Vertx vertx) {
        MiniLmEmbedder embedder = new MiniLmEmbedder(vertx);
        embedder.load().onFailure(e -> LOG.error("the built-in sentence embedder did not load: {}", e.toString()));
        return embedder;
    }

    static MeaningCheck defaultMeaningCheck() {
        return new NearMissCheck();
    }
}
