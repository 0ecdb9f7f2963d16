package dev.gatehouse.provider.cohere;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
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
import java.util.HashMap;
import java.util.Map;

/**
 * Cohere's v2 API: chat at {@code POST {base}/v2/chat} (a Server-Sent Event stream when the body
 * says {@code "stream": true}) and embeddings at {@code POST {base}/v2/embed}, authenticated with
 * {@code Authorization: Bearer <key>} (docs.cohere.com, v2 Chat and Embed references). Each
 * direction of translation lives in its own class; this one picks them and builds the HTTP request.
 *
 * <p>Stateless and thread-safe; every method is pure, never blocks and never mutates the request.
 */
public final class CohereAdapter implements ProviderAdapter, HealthProbe {

    @Override
    public UpstreamRequest toUpstream(CanonicalRequest request, Route route) {
        ProviderSettings provider = route.provider();
        Map<String, String> headers = new HashMap<>(provider.headers());
        headers.put("content-type", "application/json");
        headers.put("accept", request.stream() ? "text/event-stream" : "application/json");
        if (provider.apiKey() != null && !provider.apiKey().isEmpty()) {
            headers.put("authorization", "Bearer " + provider.apiKey());
        }
        if (request.endpoint() == Endpoint.EMBEDDINGS) {
            return new UpstreamRequest(HttpMethod.POST, provider.baseUrl() + "/v2/embed", headers, OpenAiToCohereEmbed.of(request, route));
        }
        return new UpstreamRequest(HttpMethod.POST, provider.baseUrl() + "/v2/chat", headers, OpenAiToCohereRequest.of(request, route));
    }

    /** {@code GET /v1/models}: Cohere's model list ("List Models"), free of charge. */
    @Override
    public UpstreamRequest healthCheck(ProviderSettings provider, String model) {
        Map<String, String> headers = new HashMap<>(provider.headers());
        if (provider.apiKey() != null && !provider.apiKey().isEmpty()) {
            headers.put("authorization", "Bearer " + provider.apiKey());
        }
        return new UpstreamRequest(HttpMethod.GET, provider.baseUrl() + "/v1/models", headers, Buffer.buffer());
    }

    @Override
    public Reply.Unary fromUpstream(CanonicalRequest request, Route route, Buffer body) {
        String provider = route.provider().name();
        if (request.endpoint() == Endpoint.EMBEDDINGS) {
            boolean base64 = request.body().path("encoding_format").asText("float").equals("base64");
            int inputs = request.body().path("input").isArray() ? request.body().path("input").size() : 1;
            return CohereEmbedToOpenAi.of(provider, route.upstreamModel(), base64, inputs, body);
        }
        return CohereToOpenAiResponse.of(provider, route.upstreamModel(), body);
    }

    @Override
    public StreamTranslator newStreamTranslator(CanonicalRequest request, Route route) {
        return new CohereStreamToOpenAi(route.provider().name(), route.upstreamModel());
    }

    @Override
    public GatewayError toError(Route route, int status, MultiMap headers, Buffer body) {
        return CohereErrors.fromResponse(route.provider().name(), status, body);
    }
}
