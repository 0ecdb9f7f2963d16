package dev.gatehouse.cache;

import dev.gatehouse.cache.semantic.MeaningCheck;
import dev.gatehouse.cache.semantic.TextEmbedder;
import dev.gatehouse.hashing.KeyHashing;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache of one gateway: its entry store, its vector index, the meaning check that vets semantic
 * candidates, the embedders, and its counters. Shared by every front; thread-safe; never blocks.
 */
public final class ResponseCache {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);

    /** How many candidates above the threshold a semantic lookup reads at most before calling it a miss. */
    private static final int MAX_CANDIDATES = 5;

    /** An answer found: the entry, whether it came from a semantic match, and the match's cosine (1 for exact). */
    public record Hit(CachedAnswer answer, boolean semantic, double similarity) {}

    /**
     * The outcome of a lookup.
     *
     * @param hit the answer found, or {@code null} for a miss
     * @param embedding the asked question's embedding when the lookup computed one, to index the new answer with
     */
    public record Lookup(@Nullable Hit hit, float @Nullable [] embedding) {}

    private final AnswerStore store;
    private final SemanticIndex index;
    private final MeaningCheck check;
    private final CacheEmbedders embedders;
    private final InstantSource clock;
    private final CacheStats stats = new CacheStats();

    public ResponseCache(
            AnswerStore store, SemanticIndex index, MeaningCheck check, CacheEmbedders embedders, InstantSource clock) {
        this.store = store;
        this.index = index;
        this.check = check;
        this.embedders = embedders;
        this.clock = clock;
    }

    public CacheStats stats() {
        return stats;
    }

    public CacheEmbedders embedders() {
        return embedders;
    }

    public InstantSource clock() {
        return clock;
    }

    public Future<Long> size() {
        return store.size();
    }

    public Future<Long> delete(CacheFilter filter) {
        if (filter.equals(CacheFilter.ALL)) {
            index.clear();
        }
        return store.delete(filter);
    }

    /** The index partition of a semantic key for {@code embedder}: vectors of two models are never compared. */
    static String partition(CacheKey key, TextEmbedder embedder) {
        return KeyHashing.sha256Hex(key.partition() + "\n" + embedder.modelId());
    }

    /**
     * Looks {@code key} up exactly, then, with an embedder, semantically: the index's candidates at
     * or above {@code threshold} in the key's partition, best first, each vetted by the meaning check
     * and then read from the store.
     */
    public Future<Lookup> lookup(CacheKey key, String scopeId, @Nullable TextEmbedder embedder, double threshold) {
        return store.get(key.exact()).compose(found -> {
            if (found != null && found.scopeId().equals(scopeId)) {
                return Future.succeededFuture(new Lookup(new Hit(found, false, 1.0), null));
            }
            String asked = key.lastUserText();
            if (embedder == null || key.partition() == null || asked == null) {
                return Future.succeededFuture(new Lookup(null, null));
            }
            String partition = partition(key, embedder);
            return embedder.embed(asked)
                    .compose(vector -> store.catchUp()
                            .recover(e -> {
                                LOG.warn("cache index catch-up failed: {}", e.getMessage());
                                return Future.succeededFuture();
                            })
                            .compose(v -> {
                                List<SemanticIndex.Candidate> candidates =
                                        index.search(partition, vector, threshold, clock.millis());
                                return vet(candidates, 0, 0, asked, scopeId, key.exact())
                                        .map(hit -> new Lookup(hit, vector));
                            }));
        });
    }

    private Future<@Nullable Hit> vet(
            List<SemanticIndex.Candidate> candidates, int next, int read, String asked, String scopeId, String exact) {
        if (next >= candidates.size() || read >= MAX_CANDIDATES) {
            return Future.succeededFuture(null);
        }
        SemanticIndex.Candidate c = candidates.get(next);
        if (check.difference(c.question(), asked) != null) {
            return vet(candidates, next + 1, read, asked, scopeId, exact);
        }
        return store.get(c.key()).compose(found -> {
            if (found == null || !found.scopeId().equals(scopeId)) {
                if (found == null) {
                    index.remove(c.key());
                }
                return vet(candidates, next + 1, read + 1, asked, scopeId, exact);
            }
            // The request's own entry, stored after the exact read looked: an exact hit all the same.
            boolean same = c.key().equals(exact);
            return Future.succeededFuture(new Hit(found, !same, same ? 1.0 : c.similarity()));
        });
    }

    /**
     * Keeps {@code answer} under {@code key} for {@code ttl}; with {@code embedding}, also indexes its
     * question for semantic lookups in the partition of {@code embedder}. Completes when
     * stored; a failure is logged and completes it too: a request never fails because its answer
     * could not be cached.
     */
    public Future<Void> store(
            CacheKey key,
            CachedAnswer answer,
            Duration ttl,
            @Nullable TextEmbedder embedder,
            float @Nullable [] embedding) {
        SemanticIndex.Vector vector = embedder == null || embedding == null || key.lastUserText() == null
                ? null
                : new SemanticIndex.Vector(
                        key.exact(),
                        partition(key, embedder),
                        embedding,
                        key.lastUserText(),
                        clock.millis() + ttl.toMillis());
        return store.put(key.exact(), answer, ttl, vector).otherwise(e -> {
            LOG.warn("cache store failed: {}", e.getMessage());
            return null;
        });
    }

    public Future<Void> close() {
        return store.close();
    }
}
