package dev.gatehouse.cache.semantic;

import io.vertx.core.Future;

/**
 * Turns a text into a sentence embedding for similarity search.
 *
 * <p>Contract: the vector is L2-normalised, so the cosine of two vectors is their dot product; every
 * vector of one embedder has {@link #dimensions()} entries. {@link #embed} may be called from an event
 * loop and never blocks it: CPU-heavy or networked work runs elsewhere, and the future completes on
 * the caller's context when the caller is on one. Thread-safe.
 */
public interface TextEmbedder {

    /** Completes with the normalised embedding of {@code text}, or fails when it cannot be computed. */
    Future<float[]> embed(String text);

    /** Names the model, so vectors of two models are never compared (it is part of the index partition). */
    String modelId();

    int dimensions();
}
