package dev.gatehouse.provider;

import dev.gatehouse.api.UploadBody;
import dev.gatehouse.config.HealthCheckSettings;
import dev.gatehouse.config.ProviderSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds a dialect's HTTP requests, so that every dialect addresses its provider the same way. The
 * headers go out in this order: the provider's configured {@code headers}; for a POST the JSON
 * content type and the accepted media type (JSON, or the dialect's stream type for a streaming
 * request); the headers the dialect always sends (an API version); last the credentials, by the
 * dialect's {@link UpstreamAuth}. A header the gateway sets comes after, and so wins over, a
 * configured one of the same name.
 *
 * <p>A dialect configures one builder and gives it each request's URL and body; what differs
 * between dialects is data here (the auth, the stream type, the fixed headers), not another copy
 * of the building. Immutable and thread-safe; building is pure and never blocks.
 */
public final class UpstreamRequestBuilder {

    private static final String JSON = "application/json";

    private final UpstreamAuth auth;
    private final String streamMediaType;
    private final Map<String, Function<ProviderSettings, String>> dialectHeaders;

    private UpstreamRequestBuilder(
            UpstreamAuth auth, String streamMediaType, Map<String, Function<ProviderSettings, String>> dialectHeaders) {
        this.auth = auth;
        this.streamMediaType = streamMediaType;
        this.dialectHeaders = dialectHeaders;
    }

    /** A builder whose requests carry credentials by {@code auth} and accept Server-Sent Events when streaming. */
    public static UpstreamRequestBuilder authenticatedBy(UpstreamAuth auth) {
        return new UpstreamRequestBuilder(auth, "text/event-stream", Map.of());
    }

    /** The same builder, accepting {@code mediaType} for streamed answers. */
    public UpstreamRequestBuilder streamingAs(String mediaType) {
        return new UpstreamRequestBuilder(auth, mediaType, dialectHeaders);
    }

    /** The same builder, sending header {@code name} on every request with the value {@code value} gives for the provider. */
    public UpstreamRequestBuilder withHeader(String name, Function<ProviderSettings, String> value) {
        Map<String, Function<ProviderSettings, String>> more = new LinkedHashMap<>(dialectHeaders);
        more.put(name, value);
        return new UpstreamRequestBuilder(auth, streamMediaType, more);
    }

    /** A POST of the JSON {@code body} to {@code url}, accepting a stream when {@code stream} is set. */
    public UpstreamRequest postJson(ProviderSettings provider, String url, boolean stream, Buffer body) {
        Map<String, String> headers = new LinkedHashMap<>(provider.headers());
        headers.put("content-type", JSON);
        headers.put("accept", stream ? streamMediaType : JSON);
        return finish(provider, HttpMethod.POST, url, headers, body);
    }

    /**
     * A POST of a multipart upload to {@code url}: the body is streamed from the client
     * ({@code upload}), its content type (with the client's boundary) passed on; the answer may be
     * JSON or text.
     */
    public UpstreamRequest postUpload(ProviderSettings provider, String url, UploadBody.Outgoing upload) {
        Map<String, String> headers = new LinkedHashMap<>(provider.headers());
        headers.put("content-type", upload.contentType());
        headers.put("accept", "application/json, text/plain, */*");
        return finish(provider, HttpMethod.POST, url, headers, Buffer.buffer()).withUpload(upload);
    }

    /** A POST of the JSON {@code body} to {@code url} whose answer is media ({@code accept}: any type). */
    public UpstreamRequest postJsonForMedia(ProviderSettings provider, String url, Buffer body) {
        Map<String, String> headers = new LinkedHashMap<>(provider.headers());
        headers.put("content-type", JSON);
        headers.put("accept", "*/*");
        return finish(provider, HttpMethod.POST, url, headers, body);
    }

    /**
     * A health probe of {@code model} without a body: a GET of the dialect's {@code dialectUrl} (its
     * model listing or lookup), unless the provider's {@code health_check} names a path (after the
     * base URL, {@code {model}} filled in) or a method of its own.
     */
    public UpstreamRequest probe(ProviderSettings provider, String model, String dialectUrl) {
        HealthCheckSettings settings = provider.healthCheck();
        String path = settings.path();
        String url = path == null
                ? dialectUrl
                : Objects.requireNonNullElse(provider.baseUrl(), "")
                        + path.replace("{model}", URLEncoder.encode(model, StandardCharsets.UTF_8));
        return finish(
                provider,
                HttpMethod.valueOf(settings.method().name()),
                url,
                new LinkedHashMap<>(provider.headers()),
                Buffer.buffer());
    }

    private UpstreamRequest finish(
            ProviderSettings provider, HttpMethod method, String url, Map<String, String> headers, Buffer body) {
        dialectHeaders.forEach((name, value) -> headers.put(name, value.apply(provider)));
        return auth.authorize(provider, new UpstreamRequest(method, url, headers, body));
    }
}
