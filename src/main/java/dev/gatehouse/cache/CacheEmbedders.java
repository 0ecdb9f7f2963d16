package dev.gatehouse.cache;

import dev.gatehouse.cache.semantic.TextEmbedder;
import org.jspecify.annotations.Nullable;

/** Finds the embedder of a semantic cache section; the server supplies it (it knows the built-in model and the gateway's own models). */
@FunctionalInterface
public interface CacheEmbedders {

    /**
     * @param embeddingModel {@code cache.semantic.embedding_model}, or {@code null} for the built-in embedder
     * @return the embedder, or {@code null} when there is none (no built-in embedder in this build)
     */
    @Nullable
    TextEmbedder forModel(@Nullable String embeddingModel);
}
