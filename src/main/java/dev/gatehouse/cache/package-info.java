/**
 * The response cache: a pipeline stage ({@link dev.gatehouse.cache.ServeFromCache}) that answers a
 * request from an earlier answer of the same scope, exactly (same output-affecting content) or
 * semantically (same everything except the last user message, whose meaning embeddings and a
 * {@link dev.gatehouse.cache.semantic.MeaningCheck} find equal); the entry stores (memory, Redis), the
 * in-process vector index, the cache key and the per-request controls.
 */
@NullMarked
package dev.gatehouse.cache;

import org.jspecify.annotations.NullMarked;
