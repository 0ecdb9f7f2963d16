package dev.gatehouse.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link AnswerStore} in this process: a Caffeine cache of at most {@code cache.max_entries}
 * entries, each expiring after its own TTL on the gateway's clock (a Caffeine {@link Ticker}), with
 * maintenance on the calling thread. An entry that leaves (evicted, expired, deleted) leaves the
 * {@link SemanticIndex} too.
 */
public final class MemoryAnswerStore implements AnswerStore {

    private record Held(CachedAnswer answer, Duration ttl) {}

    private final Cache<String, Held> entries;
    private final SemanticIndex index;
    private final InstantSource clock;

    public MemoryAnswerStore(InstantSource clock, long maxEntries, SemanticIndex index) {
        this.clock = clock;
        this.index = index;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(Expiry.writing((String key, Held held) -> held.ttl()))
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .executor(Runnable::run)
                .removalListener((@Nullable String key, @Nullable Held held, RemovalCause cause) -> {
                    if (key != null && cause != RemovalCause.REPLACED) {
                        index.remove(key);
                    }
                })
                .build();
    }

    @Override
    public Future<@Nullable CachedAnswer> get(String key) {
        Held held = entries.getIfPresent(key);
        return Future.succeededFuture(held == null ? null : held.answer());
    }

    @Override
    public Future<Void> put(String key, CachedAnswer answer, Duration ttl, SemanticIndex.@Nullable Vector vector) {
        entries.put(key, new Held(answer, ttl));
        if (vector != null) {
            index.add(vector, clock.millis());
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> catchUp() {
        return Future.succeededFuture();
    }

    @Override
    public Future<Long> delete(CacheFilter filter) {
        List<String> doomed = new ArrayList<>();
        entries.asMap().forEach((key, held) -> {
            if (held.answer().matches(filter)) {
                doomed.add(key);
            }
        });
        entries.invalidateAll(doomed);
        return Future.succeededFuture((long) doomed.size());
    }

    @Override
    public Future<Long> size() {
        entries.cleanUp();
        return Future.succeededFuture(entries.estimatedSize());
    }
}
