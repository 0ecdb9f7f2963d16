package dev.gatehouse.cache;

import dev.gatehouse.cache.semantic.TextEmbedder;
import io.vertx.core.Future;
import java.util.Locale;

/**
 * A deterministic test embedder: each lower-cased word adds 1 to one of 256 dimensions chosen by its
 * hash, and the vector is normalised. Two texts' cosine is then their shared words over the root of
 * the product of their word counts (when no two words share a dimension), easy to reason about in tests.
 */
final class BagOfWordsEmbedder implements TextEmbedder {

    static final int DIMENSIONS = 256;

    @Override
    public Future<float[]> embed(String text) {
        float[] v = new float[DIMENSIONS];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{Alnum}]+")) {
            if (!word.isEmpty()) {
                v[Math.floorMod(word.hashCode(), DIMENSIONS)] += 1;
            }
        }
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            v[i] = norm == 0 ? 0 : (float) (v[i] / norm);
        }
        return Future.succeededFuture(v);
    }

    @Override
    public String modelId() {
        return "test-bag-of-words-256";
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }
}
