package dev.gatehouse.provider.anthropic;

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
 * Anthropic's Messages API ({@code POST {base_url}/v1/messages}), authenticated with an
 * {@code x-api-key} header and pinned to an API version with {@code anthropic-version}
 * (docs.anthropic.com, "Messages API" and "Versioning"). Each direction of the translation lives
 * in its own class; this one only addresses the request.
 *
 * <p>Stateless and thread-safe; every method is pure and never blocks.
 */
public final class AnthropicAdapter implements ProviderAdapter, HealthProbe {

    static final String MESSAGES_PATH = "/v1/messages";

    /** The version every example in Anthropic's docs sends ("Versioning"); config normally supplies it. */
    private static final String FALLBACK_VERSION = "2023-06-01";

    @Override
    public UpstreamRequest toUpstream(CanonicalRequest request, Route route) {
        ProviderSettings provider = route.provider();
        if (request.endpoint() != Endpoint.CHAT_COMPLETIONS) {
            // Anthropic has no embeddings endpoint (its "Embeddings" guide points to Voyage AI).
            throw GatewayError.invalid("Provider '" + provider.name() + "' speaks Anthropic's Messages API, which has no "
                    + request.endpoint().openAiPath() + " endpoint; route model '" + request.model()
                    + "' to a provider that offers embeddings.", "model");
        }
        Map<String, String> headers = new HashMap<>(provider.headers());
        headers.put("content-type", "application/json");
        headers.put("accept", request.stream() ? "text/event-stream" : "application/json");
        String version = provider.options().apiVersion();
        headers.put("anthropic-version", version == null ? FALLBACK_VERSION : version);
        if (provider.apiKey() != null && !provider.apiKey().isEmpty()) {
            headers.put("x-api-key", provider.apiKey());
        }
        return new UpstreamRequest(HttpMethod.POST, provider.baseUrl() + MESSAGES_PATH, headers,
                OpenAiToAnthropicRequest.translate(request, route));
    }

    /** {@code GET /v1/models}: Anthropic's model list ("Models API"), free of charge. */
    @Override
    public UpstreamRequest healthCheck(ProviderSettings provider, String model) {
        Map<String, String> headers = new HashMap<>(provider.headers());
        String version = provider.options().apiVersion();
        headers.put("anthropic-version", version == null ? FALLBACK_VERSION : version);
        if (provider.apiKey() != null && !provider.apiKey().isEmpty()) {
            headers.put("x-api-key", provider.apiKey());
        }
        return new UpstreamRequest(HttpMethod.GET, provider.baseUrl() + "/v1/models", headers, Buffer.buffer());
    }

    @Override
    public Reply.Unary fromUpstream(CanonicalRequest request, Route route, Buffer body) {
        return AnthropicToOpenAiResponse.translate(route.provider().name(), route.upstreamModel(), body);
    }

    @Override
    public StreamTranslator newStreamTranslator(CanonicalRequest request, Route route) {
        return new AnthropicStreamToOpenAi(route.provider().name(), route.upstreamModel());
    }

    @Override
    public GatewayError toError(Route route, int status, MultiMap headers, Buffer body) {
        return AnthropicErrors.fromResponse(route.provider().name(), status, body);
    }
}
