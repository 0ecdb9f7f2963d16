package dev.gatehouse.idempotency;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.gatehouse.pipeline.Reply;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * {@link IdempotencyStore} in this process's memory: a Caffeine cache of at most a fixed number of
 * keys (default {@value #DEFAULT_MAXIMUM_KEYS}), so a flood of distinct keys cannot exhaust the heap.
 * A finished entry expires when its TTL has passed; a running one does not expire, and leaves only
 * when its request completes or abandons it, or when the size bound evicts it. An evicted running
 * entry tells its waiters to claim again, as an abandoned one does; an evicted finished entry is
 * forgotten early, so a late repeat runs again: under that pressure the bound wins over the replay.
 *
 * <p>Time comes from the injected {@link InstantSource}, as a Caffeine {@link Ticker}. Cache
 * maintenance and removal notices run on the calling thread, not on a pool; a waiter is resumed on
 * the Vert.x context it claimed on. Thread-safe.
 */
public final class MemoryIdempotencyStore implements IdempotencyStore {

    /**
     * The bound counts keys, not bytes: at the default 24-hour TTL it holds about one idempotent
     * request a second, and answers of a few KB keep it to a few hundred MB (a stored stream, one
     * JSON chunk per delta, weighs more than the same answer as JSON).
     */
    static final long DEFAULT_MAXIMUM_KEYS = 100_000;

    /**
     * A claimed key: running ({@code reply} and {@code ttl} null) or finished. A finished entry is a
     * new record with the same {@code outcome}: the write is how the cache learns its expiry.
     */
    private record Entry(
            String fingerprint,
            Promise<Reply.Unary> outcome,
            Reply.@Nullable Unary reply,
            @Nullable Duration ttl) {

        static Entry running(String fingerprint) {
            return new Entry(fingerprint, Promise.promise(), null, null);
        }

        Entry finished(Reply.Unary reply, Duration ttl) {
            return new Entry(fingerprint, outcome, reply, ttl);
        }

        /** From now: a running entry lives until it is finished or removed (Caffeine caps this at about 146 years). */
        Duration timeToLive() {
            return ttl == null ? UNTIL_REMOVED : ttl;
        }
    }

    private static final Duration UNTIL_REMOVED = Duration.ofNanos(Long.MAX_VALUE);

    private final ConcurrentMap<String, Entry> entries;

    public MemoryIdempotencyStore(InstantSource clock) {
        this(clock, DEFAULT_MAXIMUM_KEYS);
    }

    /** @param maximumKeys how many keys, running or finished, are kept at most */
    public MemoryIdempotencyStore(InstantSource clock, long maximumKeys) {
        Cache<String, Entry> cache = Caffeine.newBuilder()
                .maximumSize(maximumKeys)
                .expireAfter(Expiry.writing((String key, Entry entry) -> entry.timeToLive()))
                .ticker(ticker(clock))
                .executor(Runnable::run)
                .removalListener((@Nullable String key, @Nullable Entry entry, RemovalCause cause) -> {
                    // A replaced entry is the same claim, finished; any other removal ends the claim.
                    // After a completion the outcome holds the reply already, so this changes nothing.
                    if (cause != RemovalCause.REPLACED && entry != null) {
                        entry.outcome().tryComplete(null);
                    }
                })
                .build();
        this.entries = cache.asMap();
    }

    /** Nanoseconds since the epoch, which fit a long until the year 2262. */
    private static Ticker ticker(InstantSource clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    @Override
    public Future<Claim> claim(String key, String fingerprint) {
        Entry fresh = Entry.running(fingerprint);
        // The cache's map treats an expired entry as absent, so a key past its TTL is claimed anew.
        Entry existing = entries.putIfAbsent(key, fresh);
        if (existing == null) {
            return Future.succeededFuture(new Claim.Claimed());
        }
        if (!existing.fingerprint().equals(fingerprint)) {
            return Future.succeededFuture(new Claim.Conflict());
        }
        return Future.succeededFuture(
                existing.reply() != null
                        ? new Claim.Done(existing.reply())
                        : new Claim.InFlight(onCallersContext(existing.outcome().future())));
    }

    /**
     * The waiter resumes on its own event loop: the claim may end on another request's event loop, or
     * inside the cache's eviction (which calls the removal listener under its eviction lock), and the
     * waiter goes on to claim again and run the rest of its pipeline.
     */
    private static <T> Future<T> onCallersContext(Future<T> outcome) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return outcome;
        }
        Promise<T> resumed = Promise.promise();
        outcome.onComplete(done -> context.runOnContext(v -> resumed.handle(done)));
        return resumed.future();
    }

    @Override
    public Future<Void> complete(String key, Reply.Unary reply, Duration ttl) {
        Entry finished = entries.computeIfPresent(key, (k, running) -> running.finished(reply, ttl));
        if (finished != null) {
            finished.outcome().tryComplete(reply);
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> abandon(String key) {
        entries.remove(key);
        return Future.succeededFuture();
    }
}
