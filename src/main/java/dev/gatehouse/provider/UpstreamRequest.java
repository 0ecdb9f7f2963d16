package dev.gatehouse.provider;

import dev.gatehouse.api.UploadBody;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request to a provider, as an adapter built it (normally with an
 * {@link UpstreamRequestBuilder}). Headers go out in the order given; they may hold secrets: never
 * log them. An upload's body is streamed from the client ({@code upload}), and can be sent once.
 */
public record UpstreamRequest(
        HttpMethod method, String url, Map<String, String> headers, Buffer body, UploadBody.@Nullable Outgoing upload) {

    public UpstreamRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A request whose whole body is {@code body}. */
    public UpstreamRequest(HttpMethod method, String url, Map<String, String> headers, Buffer body) {
        this(method, url, headers, body, null);
    }

    /** This request with header {@code name} set to {@code value}. */
    public UpstreamRequest withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new UpstreamRequest(method, url, more, body, upload);
    }

    /** This request with its body streamed from {@code streamed} instead of {@code body}. */
    public UpstreamRequest withUpload(UploadBody.Outgoing streamed) {
        return new UpstreamRequest(method, url, headers, Buffer.buffer(), streamed);
    }

    @Override
    public String toString() {
        return "UpstreamRequest[" + method + " " + url + "]";
    }
}
