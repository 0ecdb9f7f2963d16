package dev.gatehouse.cache;

import dev.gatehouse.api.CacheOptions;
import dev.gatehouse.api.RequestOptions;
import dev.gatehouse.pipeline.Exchange;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What one request asks of the cache. {@code api.RequestOptionsReader} reads it, strictly and once,
 * from {@code x-gateway-options.cache} and the headers that mean the same ({@code Cache-Control:
 * no-cache} is {@code read: false}; {@code no-store} is {@code read: false, write: false};
 * {@code x-gatehouse-cache-ttl}; {@code x-gatehouse-cache-namespace}); this is its view for the
 * cache stage, with the defaults filled in.
 *
 * @param read whether a cached answer may answer this request
 * @param write whether this request's answer may be stored
 * @param ttl how long to keep this answer, or null for the configured TTL
 * @param namespace a partition inside the scope; "" for none
 */
public record CacheControls(
        boolean read, boolean write, @Nullable Duration ttl, String namespace) {

    public static CacheControls from(Exchange ex) {
        CacheOptions options = RequestOptions.of(ex).cache();
        return new CacheControls(
                !Boolean.FALSE.equals(options.read()),
                !Boolean.FALSE.equals(options.write()),
                options.ttl(),
                options.namespace() == null ? "" : options.namespace());
    }
}
