package dev.gatehouse.provider.gemini;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
import dev.gatehouse.json.Json;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.HealthProbe;
import dev.gatehouse.provider.ProviderAdapter;
import dev.gatehouse.provider.StreamTranslator;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.routing.Route;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Google's Gemini API (generativelanguage.googleapis.com, v1beta): chat goes to
 * {@code models/{model}:generateContent}, or {@code :streamGenerateContent?alt=sse} for a stream
 * (without {@code alt=sse} the stream is one JSON array, not events), and embeddings to
 * {@code :batchEmbedContents}. The key travels in the {@code x-goog-api-key} header, as in Google's
 * REST examples, never in the {@code ?key=} query parameter: URLs end up in access logs.
 *
 * <p>Each translation lives in its own class: {@link OpenAiToGeminiRequest},
 * {@link GeminiToOpenAiResponse}, {@link GeminiStreamToOpenAi}, {@link GeminiErrors},
 * {@link OpenAiToGeminiEmbeddings} and {@link GeminiToOpenAiEmbeddings}.
 *
 * <p>Stateless and thread-safe; every method is pure and never blocks.
 */
public final class GeminiAdapter implements ProviderAdapter, HealthProbe {

    private static final String API_VERSION = "v1beta";

    @Override
    public UpstreamRequest toUpstream(CanonicalRequest request, Route route) {
        ProviderSettings provider = route.provider();
        Map<String, String> headers = new HashMap<>(provider.headers());
        headers.put("content-type", "application/json");
        headers.put("accept", request.stream() ? "text/event-stream" : "application/json");
        if (provider.apiKey() != null && !provider.apiKey().isEmpty()) {
            headers.put("x-goog-api-key", provider.apiKey());
        }
        String resource = modelResource(route.upstreamModel());
        String base = provider.baseUrl() + "/" + API_VERSION + "/" + pathOf(resource);
        if (request.endpoint() == Endpoint.EMBEDDINGS) {
            return new UpstreamRequest(HttpMethod.POST, base + ":batchEmbedContents", headers,
                    Json.encode(OpenAiToGeminiEmbeddings.of(request, resource)));
        }
        String url = base + (request.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent");
        return new UpstreamRequest(HttpMethod.POST, url, headers, Json.encode(OpenAiToGeminiRequest.of(request)));
    }

    /** {@code GET /v1beta/models/{model}}: the model's metadata ("models.get"), free of charge. */
    @Override
    public UpstreamRequest healthCheck(ProviderSettings provider, String model) {
        Map<String, String> headers = new HashMap<>(provider.headers());
        if (provider.apiKey() != null && !provider.apiKey().isEmpty()) {
            headers.put("x-goog-api-key", provider.apiKey());
        }
        return new UpstreamRequest(HttpMethod.GET, provider.baseUrl() + "/" + API_VERSION + "/" + pathOf(modelResource(model)),
                headers, Buffer.buffer());
    }

    @Override
    public Reply.Unary fromUpstream(CanonicalRequest request, Route route, Buffer body) {
        String provider = route.provider().name();
        if (request.endpoint() == Endpoint.EMBEDDINGS) {
            return GeminiToOpenAiEmbeddings.translate(provider, route.upstreamModel(), request, body);
        }
        return GeminiToOpenAiResponse.translate(provider, route.upstreamModel(), body);
    }

    @Override
    public StreamTranslator newStreamTranslator(CanonicalRequest request, Route route) {
        return new GeminiStreamToOpenAi(route.provider().name(), route.upstreamModel());
    }

    @Override
    public GatewayError toError(Route route, int status, MultiMap headers, Buffer body) {
        return GeminiErrors.fromResponse(route.provider().name(), status, body);
    }

    /**
     * The model's resource name: {@code models/{model}}, unless the route already names a resource
     * ({@code models/...}, or {@code tunedModels/...}, which generateContent also serves).
     */
    static String modelResource(String model) {
        return model.startsWith("models/") || model.startsWith("tunedModels/") ? model : "models/" + model;
    }

    private static String pathOf(String resource) {
        int slash = resource.indexOf('/');
        return resource.substring(0, slash + 1) + URLEncoder.encode(resource.substring(slash + 1), StandardCharsets.UTF_8);
    }
}
