package dev.gatehouse.api;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The response-cache choices of one request, from {@code x-gateway-options.cache} or the cache
 * headers ({@code Cache-Control: no-cache} / {@code no-store}, {@code x-gatehouse-cache-ttl},
 * {@code x-gatehouse-cache-namespace}). A null field is a choice the caller did not make, so the
 * cache's configured behaviour applies.
 *
 * @param read whether a cached answer may be served ({@code false} for {@code no-cache})
 * @param write whether the answer may be stored ({@code false} for {@code no-store})
 * @param ttl how long a stored answer stays valid
 * @param namespace a partition of the cache; requests of one namespace never see another's answers
 */
public record CacheOptions(
        @Nullable Boolean read,
        @Nullable Boolean write,
        @Nullable Duration ttl,
        @Nullable String namespace) {

    public static final CacheOptions NONE = new CacheOptions(null, null, null, null);

    public boolean isEmpty() {
        return read == null && write == null && ttl == null && namespace == null;
    }
}
