package dev.gatehouse.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.config.CompatRules;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.EmbeddingsAdapter;
import dev.gatehouse.provider.HealthProbe;
import dev.gatehouse.provider.ProviderAdapter;
import dev.gatehouse.provider.StreamTranslator;
import dev.gatehouse.provider.UpstreamAuth;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.provider.UpstreamRequestBuilder;
import dev.gatehouse.routing.Route;
import dev.gatehouse.usage.Usage;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * OpenAI's API, and every server that speaks it: Azure OpenAI, Mistral, Groq, vLLM, Ollama... The
 * canonical form is OpenAI's, so requests pass through with every field intact (see
 * {@link OpenAiRequestBody} for the few rewrites). How a server differs from OpenAI (its paths, its
 * key header, its dropped and renamed fields) is data, the provider's {@link CompatRules} from its
 * profile, never code here.
 *
 * <p>Stateless and thread-safe; every method is pure and never blocks.
 */
public final class OpenAiAdapter implements ProviderAdapter, EmbeddingsAdapter, HealthProbe {

    private static final UpstreamRequestBuilder REQUESTS =
            UpstreamRequestBuilder.authenticatedBy(OpenAiAdapter::authorize);

    @Override
    public UpstreamRequest toUpstream(CanonicalRequest request, Route route) {
        Buffer responses = OpenAiResponsesNative.body(request, route);
        if (responses != null) {
            ProviderSettings provider = route.provider();
            String url = ProfilePaths.url(
                    provider,
                    provider.options().compat().requestPath(),
                    OpenAiResponsesNative.PATH,
                    route.upstreamModel());
            return REQUESTS.postJson(provider, url, request.stream(), responses);
        }
        return post(request, route);
    }

    @Override
    public UpstreamRequest toUpstreamEmbeddings(CanonicalRequest request, Route route) {
        return post(request, route);
    }

    private static UpstreamRequest post(CanonicalRequest request, Route route) {
        ProviderSettings provider = route.provider();
        String url = ProfilePaths.url(
                provider, provider.options().compat().requestPath(), request.endpoint(), route.upstreamModel());
        return REQUESTS.postJson(provider, url, request.stream(), OpenAiRequestBody.of(request, route));
    }

    /** The profile's model list ({@code GET /models} for OpenAI): every compatible server has one, free of charge. */
    @Override
    public UpstreamRequest healthCheck(ProviderSettings provider, String model) {
        return REQUESTS.probe(
                provider,
                model,
                ProfilePaths.url(provider, provider.options().compat().modelsPath(), (String) null, model));
    }

    @Override
    public Reply.Unary fromUpstream(CanonicalRequest request, Route route, Buffer body) {
        if (OpenAiResponsesNative.applies(request, route)) {
            return OpenAiResponsesToChat.reply(route.provider().name(), body);
        }
        return reply(request, route, body, "choices");
    }

    @Override
    public Reply.Unary fromUpstreamEmbeddings(CanonicalRequest request, Route route, Buffer body) {
        return reply(request, route, body, "data");
    }

    /** The answer as it came, once it is seen to be OpenAI's JSON with its {@code expectedField} list. */
    private static Reply.Unary reply(CanonicalRequest request, Route route, Buffer body, String expectedField) {
        String provider = route.provider().name();
        JsonNode json = Json.tryParse(body)
                .orElseThrow(() -> UpstreamFailures.badResponse(provider, "a response that is not valid JSON"));
        if (!json.isObject() || !json.path(expectedField).isArray()) {
            throw UpstreamFailures.badResponse(
                    provider, "JSON that is not an OpenAI " + request.endpoint().openAiPath() + " response");
        }
        Usage usage = Usage.fromOpenAi(json.get("usage"));
        return new Reply.Unary(200, body, usage == null ? Usage.NONE : usage);
    }

    @Override
    public StreamTranslator newStreamTranslator(CanonicalRequest request, Route route) {
        if (OpenAiResponsesNative.applies(request, route)) {
            return new OpenAiResponsesStreamToChat(route.provider().name());
        }
        return new OpenAiStreamTranslator(route.provider().name());
    }

    @Override
    public GatewayError toError(Route route, int status, MultiMap headers, Buffer body) {
        return OpenAiErrors.fromResponse(route.provider().name(), status, headers.get("retry-after"), body);
    }

    /** The key in the header the provider's profile names ({@code authorization: Bearer} for OpenAI, {@code api-key} for Azure). */
    private static UpstreamRequest authorize(ProviderSettings provider, UpstreamRequest request) {
        CompatRules compat = provider.options().compat();
        return UpstreamAuth.keyHeader(compat.authHeader(), compat.authPrefix()).authorize(provider, request);
    }
}
