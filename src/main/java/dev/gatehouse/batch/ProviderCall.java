package dev.gatehouse.batch;

import dev.gatehouse.provider.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where and as whom a provider batch API is called: the provider's name, its configured base URL,
 * and the headers (auth, API version) of a single call the adapter built. The headers hold secrets:
 * never log them.
 */
record ProviderCall(String provider, String baseUrl, Map<String, String> headers) {

    /** Headers that describe a single call's body rather than the caller. */
    private static final Set<String> BODY_HEADERS = Set.of("content-type", "accept", "content-length");

    static ProviderCall of(String provider, String baseUrl, UpstreamRequest single) {
        Map<String, String> headers = new LinkedHashMap<>();
        single.headers().forEach((name, value) -> {
            if (!BODY_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                headers.put(name, value);
            }
        });
        return new ProviderCall(provider, baseUrl, headers);
    }

    /** These headers plus the given ones. */
    Map<String, String> with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return more;
    }
}
