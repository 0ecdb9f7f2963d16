package dev.gatehouse.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
import dev.gatehouse.json.Json;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.HealthProbe;
import dev.gatehouse.provider.ProviderAdapter;
import dev.gatehouse.provider.StreamTranslator;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.routing.Route;
import dev.gatehouse.usage.Usage;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.HashMap;
import java.util.Map;

/**
 * OpenAI's API, and every server that speaks it. The canonical form is OpenAI's, so requests pass
 * through with every field intact (see {@link OpenAiRequestBody} for the few rewrites).
 */
public final class OpenAiAdapter implements ProviderAdapter, HealthProbe {

    @Override
    public UpstreamRequest toUpstream(CanonicalRequest request, Route route) {
        ProviderSettings provider = route.provider();
        Map<String, String> headers = new HashMap<>(provider.headers());
        headers.put("content-type", "application/json");
        headers.put("accept", request.stream() ? "text/event-stream" : "application/json");
        if (provider.apiKey() != null && !provider.apiKey().isEmpty()) {
            headers.put("authorization", "Bearer " + provider.apiKey());
        }
        return new UpstreamRequest(HttpMethod.POST, provider.baseUrl() + request.endpoint().openAiPath(), headers, OpenAiRequestBody.of(request, route));
    }

    /** {@code GET /models}: every OpenAI-compatible server lists its models, free of charge. */
    @Override
    public UpstreamRequest healthCheck(ProviderSettings provider, String model) {
        Map<String, String> headers = new HashMap<>(provider.headers());
        if (provider.apiKey() != null && !provider.apiKey().isEmpty()) {
            headers.put("authorization", "Bearer " + provider.apiKey());
        }
        return new UpstreamRequest(HttpMethod.GET, provider.baseUrl() + "/models", headers, Buffer.buffer());
    }

    @Override
    public Reply.Unary fromUpstream(CanonicalRequest request, Route route, Buffer body) {
        String provider = route.provider().name();
        JsonNode json = Json.tryParse(body)
                .orElseThrow(() -> UpstreamFailures.badResponse(provider, "a response that is not valid JSON"));
        String expectedField = request.endpoint() == Endpoint.CHAT_COMPLETIONS ? "choices" : "data";
        if (!json.isObject() || !json.path(expectedField).isArray()) {
            throw UpstreamFailures.badResponse(provider, "JSON that is not an OpenAI " + request.endpoint().openAiPath() + " response");
        }
        Usage usage = Usage.fromOpenAi(json.get("usage"));
        return new Reply.Unary(200, body, usage == null ? Usage.NONE : usage);
    }

    @Override
    public StreamTranslator newStreamTranslator(CanonicalRequest request, Route route) {
        return new OpenAiStreamTranslator(route.provider().name());
    }

    @Override
    public GatewayError toError(Route route, int status, MultiMap headers, Buffer body) {
        return OpenAiErrors.fromResponse(route.provider().name(), status, headers.get("retry-after"), body);
    }
}
