package dev.gatehouse.metering;

import dev.gatehouse.pipeline.Exchange;
import org.jspecify.annotations.Nullable;

/**
 * What the response cache did for a request, for its usage record: {@code exact} or {@code semantic}
 * (answered from the cache, at no cost, saving {@code savedUsd}), {@code miss} or {@code bypass}
 * (the request's {@code Cache-Control} kept the cache from answering it). A request the cache is off
 * for has none, and its record says {@code none}.
 *
 * @param savedUsd what the answer cost when it was produced (a hit's saving); {@code null} otherwise
 *     or when that answer had no price
 */
public record CacheOutcome(String cache, @Nullable Double savedUsd) {

    public static final Exchange.Key<CacheOutcome> KEY = Exchange.Key.of("cache-outcome");

    public static final CacheOutcome MISS = new CacheOutcome("miss", null);
    public static final CacheOutcome BYPASS = new CacheOutcome("bypass", null);
}
