package dev.gatehouse.provider.anthropic;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.NativeRequest;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.HealthProbe;
import dev.gatehouse.provider.ProviderAdapter;
import dev.gatehouse.provider.StreamTranslator;
import dev.gatehouse.provider.UpstreamAuth;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.provider.UpstreamRequestBuilder;
import dev.gatehouse.routing.Route;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Anthropic's Messages API ({@code POST {base_url}/v1/messages}), authenticated with an
 * {@code x-api-key} header and pinned to an API version with {@code anthropic-version}
 * (docs.anthropic.com, "Messages API" and "Versioning"). Each direction of the translation lives
 * in its own class; this one only addresses the request.
 *
 * <p>Chat only: Anthropic has no embeddings endpoint (its "Embeddings" guide points to Voyage AI),
 * so this adapter is no {@link dev.gatehouse.provider.EmbeddingsAdapter} and routing never sends it
 * an embeddings request.
 *
 * <p>Stateless and thread-safe; every method is pure and never blocks.
 */
public final class AnthropicAdapter implements ProviderAdapter, HealthProbe {

    static final String MESSAGES_PATH = "/v1/messages";

    /** The version every example in Anthropic's docs sends ("Versioning"); config normally supplies it. */
    private static final String FALLBACK_VERSION = "2023-06-01";

    private static final UpstreamRequestBuilder REQUESTS = UpstreamRequestBuilder.authenticatedBy(
                    UpstreamAuth.keyHeader("x-api-key", ""))
            .withHeader("anthropic-version", AnthropicAdapter::version);

    /**
     * A {@code /v1/messages} request goes out as the client sent it ({@link AnthropicPassthrough});
     * any other is translated from the canonical form.
     */
    @Override
    public UpstreamRequest toUpstream(CanonicalRequest request, Route route) {
        ProviderSettings provider = route.provider();
        String url = provider.baseUrl() + MESSAGES_PATH;
        NativeRequest client = request.nativeIn(NativeRequest.Dialect.ANTHROPIC_MESSAGES);
        if (client != null) {
            return AnthropicPassthrough.withClientHeaders(
                    REQUESTS.postJson(
                            provider,
                            url,
                            request.stream(),
                            AnthropicPassthrough.body(client.bytes(), route.upstreamModel())),
                    client);
        }
        return REQUESTS.postJson(provider, url, request.stream(), OpenAiToAnthropicRequest.translate(request, route));
    }

    /** {@code GET /v1/models}: Anthropic's model list ("Models API"), free of charge. */
    @Override
    public UpstreamRequest healthCheck(ProviderSettings provider, String model) {
        return REQUESTS.probe(provider, model, provider.baseUrl() + "/v1/models");
    }

    private static String version(ProviderSettings provider) {
        String version = provider.options().apiVersion();
        return version == null ? FALLBACK_VERSION : version;
    }

    /**
     * The canonical answer, with Anthropic's own body beside it for a {@code /v1/messages} client,
     * whose writer relays it unchanged.
     */
    @Override
    public Reply.Unary fromUpstream(CanonicalRequest request, Route route, Buffer body) {
        Reply.Unary canonical =
                AnthropicToOpenAiResponse.translate(route.provider().name(), route.upstreamModel(), body);
        if (request.nativeIn(NativeRequest.Dialect.ANTHROPIC_MESSAGES) == null) {
            return canonical;
        }
        return new Reply.Unary(canonical.status(), canonical.body(), canonical.usage(), body);
    }

    @Override
    public StreamTranslator newStreamTranslator(CanonicalRequest request, Route route) {
        return new AnthropicStreamToOpenAi(
                route.provider().name(),
                route.upstreamModel(),
                request.nativeIn(NativeRequest.Dialect.ANTHROPIC_MESSAGES) != null);
    }

    @Override
    public GatewayError toError(Route route, int status, MultiMap headers, Buffer body) {
        return AnthropicErrors.fromResponse(route.provider().name(), status, body);
    }
}
