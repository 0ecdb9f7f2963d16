package dev.gatehouse.provider;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP request to a provider, as an adapter built it (normally with an
 * {@link UpstreamRequestBuilder}). Headers go out in the order given; they may hold secrets: never
 * log them.
 */
public record UpstreamRequest(HttpMethod method, String url, Map<String, String> headers, Buffer body) {

    public UpstreamRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** This request with header {@code name} set to {@code value}. */
    public UpstreamRequest withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new UpstreamRequest(method, url, more, body);
    }

    @Override
    public String toString() {
        return "UpstreamRequest[" + method + " " + url + "]";
    }
}
