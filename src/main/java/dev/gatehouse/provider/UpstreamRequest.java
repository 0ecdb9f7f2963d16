package dev.gatehouse.provider;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Map;

/**
 * An HTTP request to a provider, as an adapter built it. Headers may hold secrets: never log them.
 */
public record UpstreamRequest(HttpMethod method, String url, Map<String, String> headers, Buffer body) {

    @Override
    public String toString() {
        return "UpstreamRequest[" + method + " " + url + "]";
    }
}
