package dev.gatehouse.cache;

import io.vertx.core.Future;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where cached answers live: in this process ({@link MemoryAnswerStore}) or in Redis shared by every
 * instance ({@link RedisAnswerStore}). Every entry has its own time to live. A semantic entry is
 * also added to the {@link SemanticIndex} of every instance: at once on the instance that stored it,
 * and, for a shared store, on the others no later than their next {@link #catchUp()}.
 *
 * <p>Called on event loops; never blocks. Thread-safe. A store that cannot be reached fails its
 * futures; the cache then answers as a miss and stores nothing.
 */
public interface AnswerStore {

    /** The entry under {@code key}, or {@code null} when there is none (never stored, expired, evicted, deleted). */
    Future<@Nullable CachedAnswer> get(String key);

    /**
     * Stores {@code answer} under {@code key} for {@code ttl}.
     *
     * @param vector the question's embedding to index, for a semantic entry; {@code null} otherwise
     */
    Future<Void> put(String key, CachedAnswer answer, Duration ttl, SemanticIndex.@Nullable Vector vector);

    /** Brings this instance's index up to date with the entries other instances stored. */
    Future<Void> catchUp();

    /** Deletes the entries {@code filter} selects; completes with how many. */
    Future<Long> delete(CacheFilter filter);

    /** How many entries there are now. */
    Future<Long> size();

    /** Stops background work and closes connections the store opened itself. */
    default Future<Void> close() {
        return Future.succeededFuture();
    }
}
