/**
 * What a semantic cache needs to decide that two questions mean the same: a sentence embedding of each
 * text ({@link TextEmbedder}) and a check that rejects the pairs embeddings score high but that ask for
 * different answers ({@link MeaningCheck}). Knows no gateway type.
 */
@NullMarked
package dev.gatehouse.cache.semantic;

import org.jspecify.annotations.NullMarked;
