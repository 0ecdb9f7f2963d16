package dev.gatehouse.provider.openai;

import dev.gatehouse.api.CanonicalRequest;
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
 * Azure OpenAI: OpenAI's request and response format, addressed to a deployment
 * ({@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...}) and
 * authenticated with an {@code api-key} header (learn.microsoft.com, "Azure OpenAI in Azure AI
 * Foundry Models REST API reference"). The route's upstream model names the deployment.
 */
public final class AzureOpenAiAdapter implements ProviderAdapter, HealthProbe {

    private final OpenAiAdapter openAi = new OpenAiAdapter();

    @Override
    public UpstreamRequest toUpstream(CanonicalRequest request, Route route) {
        ProviderSettings provider = route.provider();
        Map<String, String> headers = new HashMap<>(provider.headers());
        headers.put("content-type", "application/json");
        headers.put("accept", request.stream() ? "text/event-stream" : "application/json");
        if (provider.apiKey() != null && !provider.apiKey().isEmpty()) {
            headers.put("api-key", provider.apiKey());
        }
        String url = provider.baseUrl() + "/openai/deployments/" + URLEncoder.encode(route.upstreamModel(), StandardCharsets.UTF_8)
                + request.endpoint().openAiPath() + "?api-version=" + URLEncoder.encode(provider.options().apiVersion(), StandardCharsets.UTF_8);
        return new UpstreamRequest(HttpMethod.POST, url, headers, OpenAiRequestBody.of(request, route));
    }

    /** {@code GET /openai/models}: Azure's model list for the resource ("Models - List"). */
    @Override
    public UpstreamRequest healthCheck(ProviderSettings provider, String model) {
        Map<String, String> headers = new HashMap<>(provider.headers());
        if (provider.apiKey() != null && !provider.apiKey().isEmpty()) {
            headers.put("api-key", provider.apiKey());
        }
        return new UpstreamRequest(HttpMethod.GET, provider.baseUrl() + "/openai/models?api-version="
                + URLEncoder.encode(provider.options().apiVersion(), StandardCharsets.UTF_8), headers, Buffer.buffer());
    }

    @Override
    public Reply.Unary fromUpstream(CanonicalRequest request, Route route, Buffer body) {
        return openAi.fromUpstream(request, route, body);
    }

    @Override
    public StreamTranslator newStreamTranslator(CanonicalRequest request, Route route) {
        return openAi.newStreamTranslator(request, route);
    }

    @Override
    public GatewayError toError(Route route, int status, MultiMap headers, Buffer body) {
        return openAi.toError(route, status, headers, body);
    }
}
