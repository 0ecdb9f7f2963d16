package dev.gatehouse.cache;

import org.jspecify.annotations.Nullable;

/** Which entries an admin deletion removes: each non-null field must match; all null selects every entry. */
public record CacheFilter(
        @Nullable String namespace,
        @Nullable String model,
        @Nullable String team) {

    public static final CacheFilter ALL = new CacheFilter(null, null, null);
}
