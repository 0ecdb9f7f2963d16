package dev.gatehouse.provider.gemini;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.EmbeddingsAdapter;
import dev.gatehouse.provider.HealthProbe;
import dev.gatehouse.provider.ProviderAdapter;
import dev.gatehouse.provider.StreamTranslator;
import dev.gatehouse.provider.UpstreamAuth;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.provider.UpstreamRequestBuilder;
import dev.gatehouse.routing.Route;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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
public final class GeminiAdapter implements ProviderAdapter, EmbeddingsAdapter, HealthProbe {

    private static final String API_VERSION = "v1beta";

    private static final UpstreamRequestBuilder REQUESTS =
            UpstreamRequestBuilder.authenticatedBy(UpstreamAuth.keyHeader("x-goog-api-key", ""));

    @Override
    public UpstreamRequest toUpstream(CanonicalRequest request, Route route) {
        String url = modelUrl(route.provider(), route.upstreamModel())
                + (request.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent");
        return REQUESTS.postJson(
                route.provider(), url, request.stream(), Json.encode(OpenAiToGeminiRequest.of(request)));
    }

    @Override
    public UpstreamRequest toUpstreamEmbeddings(CanonicalRequest request, Route route) {
        String resource = modelResource(route.upstreamModel());
        return REQUESTS.postJson(
                route.provider(),
                modelUrl(route.provider(), route.upstreamModel()) + ":batchEmbedContents",
                false,
                Json.encode(OpenAiToGeminiEmbeddings.of(request, resource)));
    }

    /** {@code GET /v1beta/models/{model}}: the model's metadata ("models.get"), free of charge. */
    @Override
    public UpstreamRequest healthCheck(ProviderSettings provider, String model) {
        return REQUESTS.probe(provider, model, modelUrl(provider, model));
    }

    private static String modelUrl(ProviderSettings provider, String model) {
        return provider.baseUrl() + "/" + API_VERSION + "/" + pathOf(modelResource(model));
    }

    @Override
    public Reply.Unary fromUpstream(CanonicalRequest request, Route route, Buffer body) {
        return GeminiToOpenAiResponse.translate(route.provider().name(), route.upstreamModel(), body);
    }

    @Override
    public Reply.Unary fromUpstreamEmbeddings(CanonicalRequest request, Route route, Buffer body) {
        return GeminiToOpenAiEmbeddings.translate(route.provider().name(), route.upstreamModel(), request, body);
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
        return resource.substring(0, slash + 1)
                + URLEncoder.encode(resource.substring(slash + 1), StandardCharsets.UTF_8);
    }
}
