package dev.gatehouse.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
import dev.gatehouse.api.UnitEstimate;
import dev.gatehouse.api.UploadBody;
import dev.gatehouse.config.BilledUnits;
import dev.gatehouse.config.CompatRules;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.AudioAdapter;
import dev.gatehouse.provider.CompletionsAdapter;
import dev.gatehouse.provider.EmbeddingsAdapter;
import dev.gatehouse.provider.HealthProbe;
import dev.gatehouse.provider.ImagesAdapter;
import dev.gatehouse.provider.MediaBytesTranslator;
import dev.gatehouse.provider.ProviderAdapter;
import dev.gatehouse.provider.RerankAdapter;
import dev.gatehouse.provider.StreamTranslator;
import dev.gatehouse.provider.UpstreamAuth;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.provider.UpstreamRequestBuilder;
import dev.gatehouse.routing.Route;
import dev.gatehouse.usage.Usage;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's API, and every server that speaks it: Azure OpenAI, Mistral, Groq, vLLM, Ollama... The
 * canonical form is OpenAI's, so requests pass through with every field intact (see
 * {@link OpenAiRequestBody} for the few rewrites). How a server differs from OpenAI (its paths, its
 * key header, its dropped and renamed fields) is data, the provider's {@link CompatRules} from its
 * profile, never code here.
 *
 * <p>Stateless and thread-safe; every method is pure and never blocks.
 */
public final class OpenAiAdapter
        implements ProviderAdapter,
                EmbeddingsAdapter,
                CompletionsAdapter,
                RerankAdapter,
                AudioAdapter,
                ImagesAdapter,
                HealthProbe {

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

    @Override
    public UpstreamRequest toUpstreamCompletions(CanonicalRequest request, Route route) {
        return post(request, route);
    }

    @Override
    public Reply.Unary fromUpstreamCompletions(CanonicalRequest request, Route route, Buffer body) {
        return reply(request, route, body, "choices");
    }

    /** To the profile's {@code rerank_path}: Cohere's v2 shape, which Jina, Voyage and vLLM serve. */
    @Override
    public UpstreamRequest toUpstreamRerank(CanonicalRequest request, Route route) {
        ProviderSettings provider = route.provider();
        String url = ProfilePaths.url(
                provider, provider.options().compat().rerankPath(), request.endpoint(), route.upstreamModel());
        return REQUESTS.postJson(provider, url, false, OpenAiRequestBody.of(request, route));
    }

    @Override
    public Reply.Unary fromUpstreamRerank(CanonicalRequest request, Route route, Buffer body) {
        JsonNode json = json(request, route, body, "results");
        return new Reply.Unary(200, body, OpenAiUnitUsage.rerank(json));
    }

    @Override
    public UpstreamRequest toUpstreamAudio(CanonicalRequest request, Route route) {
        ProviderSettings provider = route.provider();
        String url = ProfilePaths.url(
                provider, provider.options().compat().requestPath(), request.endpoint(), route.upstreamModel());
        UploadBody upload = request.upload();
        if (upload == null) {
            return REQUESTS.postJsonForMedia(provider, url, OpenAiRequestBody.of(request, route));
        }
        return REQUESTS.postUpload(provider, url, upload.take(route.upstreamModel()));
    }

    /** OpenAI bills speech by the characters of its input; the answer does not repeat them. */
    @Override
    public StreamTranslator newSpeechStream(CanonicalRequest request, Route route) {
        return new MediaBytesTranslator(Usage.NONE.withUnits(UnitEstimate.of(request, 0), false));
    }

    @Override
    public Reply.Unary fromUpstreamAudio(
            CanonicalRequest request, Route route, Buffer body, @Nullable String contentType) {
        String type = contentType == null ? "application/octet-stream" : contentType;
        if (request.endpoint() == Endpoint.AUDIO_SPEECH) {
            // OpenAI bills speech by the characters of its input; the answer does not repeat them.
            return new Reply.Unary(200, body, Usage.NONE.withUnits(UnitEstimate.of(request, 0), false), null, type);
        }
        if (!type.startsWith("application/json")) {
            return new Reply.Unary(200, body, OpenAiUnitUsage.estimated(request), null, type);
        }
        JsonNode json = Json.tryParse(body)
                .orElseThrow(() ->
                        UpstreamFailures.badResponse(route.provider().name(), "a response that is not valid JSON"));
        return new Reply.Unary(200, body, OpenAiUnitUsage.transcription(request, json), null, type);
    }

    @Override
    public UpstreamRequest toUpstreamImages(CanonicalRequest request, Route route) {
        return post(request, route);
    }

    @Override
    public Reply.Unary fromUpstreamImages(CanonicalRequest request, Route route, Buffer body) {
        JsonNode json = json(request, route, body, "data");
        JsonNode body0 = request.body();
        BilledUnits images = BilledUnits.images(
                json.path("data").size(),
                body0.path("size").isTextual() ? body0.path("size").asText() : null,
                body0.path("quality").isTextual() ? body0.path("quality").asText() : null);
        return new Reply.Unary(
                200, body, OpenAiUnitUsage.tokens(json.path("usage")).withUnits(images, false));
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
        OpenAiAnswerScan.Found found;
        try {
            found = OpenAiAnswerScan.scan(body, expectedField);
        } catch (IOException e) {
            throw UpstreamFailures.badResponse(provider, "a response that is not valid JSON");
        }
        if (!found.hasShape()) {
            throw notOpenAi(request, provider);
        }
        Usage usage = Usage.fromOpenAi(found.usage());
        return new Reply.Unary(200, body, usage == null ? Usage.NONE : usage);
    }

    /** The body as JSON, once it is seen to be an object with its {@code expectedField} list. */
    private static JsonNode json(CanonicalRequest request, Route route, Buffer body, String expectedField) {
        String provider = route.provider().name();
        JsonNode json = Json.tryParse(body)
                .orElseThrow(() -> UpstreamFailures.badResponse(provider, "a response that is not valid JSON"));
        if (!json.isObject() || !json.path(expectedField).isArray()) {
            throw notOpenAi(request, provider);
        }
        return json;
    }

    private static GatewayError notOpenAi(CanonicalRequest request, String provider) {
        return UpstreamFailures.badResponse(
                provider, "JSON that is not an OpenAI " + request.endpoint().openAiPath() + " response");
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
