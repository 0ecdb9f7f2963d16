package dev.gatehouse.provider.cohere;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.EmbeddingsAdapter;
import dev.gatehouse.provider.HealthProbe;
import dev.gatehouse.provider.ProviderAdapter;
import dev.gatehouse.provider.RerankAdapter;
import dev.gatehouse.provider.StreamTranslator;
import dev.gatehouse.provider.UpstreamAuth;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.provider.UpstreamRequestBuilder;
import dev.gatehouse.routing.Route;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Cohere's v2 API: chat at {@code POST {base}/v2/chat} (a Server-Sent Event stream when the body
 * says {@code "stream": true}), embeddings at {@code POST {base}/v2/embed} and rerank at
 * {@code POST {base}/v2/rerank}, authenticated with
 * {@code Authorization: Bearer <key>} (docs.cohere.com, v2 Chat and Embed references). Each
 * direction of translation lives in its own class; this one picks them and builds the HTTP request.
 *
 * <p>Stateless and thread-safe; every method is pure, never blocks and never mutates the request.
 */
public final class CohereAdapter implements ProviderAdapter, EmbeddingsAdapter, RerankAdapter, HealthProbe {

    private static final UpstreamRequestBuilder REQUESTS =
            UpstreamRequestBuilder.authenticatedBy(UpstreamAuth.keyHeader("authorization", "Bearer "));

    @Override
    public UpstreamRequest toUpstream(CanonicalRequest request, Route route) {
        ProviderSettings provider = route.provider();
        return REQUESTS.postJson(
                provider, provider.baseUrl() + "/v2/chat", request.stream(), OpenAiToCohereRequest.of(request, route));
    }

    @Override
    public UpstreamRequest toUpstreamEmbeddings(CanonicalRequest request, Route route) {
        ProviderSettings provider = route.provider();
        return REQUESTS.postJson(
                provider, provider.baseUrl() + "/v2/embed", false, OpenAiToCohereEmbed.of(request, route));
    }

    /** {@code GET /v1/models}: Cohere's model list ("List Models"), free of charge. */
    @Override
    public UpstreamRequest healthCheck(ProviderSettings provider, String model) {
        return REQUESTS.probe(provider, model, provider.baseUrl() + "/v1/models");
    }

    @Override
    public UpstreamRequest toUpstreamRerank(CanonicalRequest request, Route route) {
        ProviderSettings provider = route.provider();
        return REQUESTS.postJson(
                provider, provider.baseUrl() + "/v2/rerank", false, CohereRerank.request(request, route));
    }

    @Override
    public Reply.Unary fromUpstreamRerank(CanonicalRequest request, Route route, Buffer body) {
        return CohereRerank.response(request, route, body);
    }

    @Override
    public Reply.Unary fromUpstream(CanonicalRequest request, Route route, Buffer body) {
        return CohereToOpenAiResponse.of(route.provider().name(), route.upstreamModel(), body);
    }

    @Override
    public Reply.Unary fromUpstreamEmbeddings(CanonicalRequest request, Route route, Buffer body) {
        boolean base64 = request.body().path("encoding_format").asText("float").equals("base64");
        int inputs = request.body().path("input").isArray()
                ? request.body().path("input").size()
                : 1;
        return CohereEmbedToOpenAi.of(route.provider().name(), route.upstreamModel(), base64, inputs, body);
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
