package dev.gatehouse.provider.bedrock;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.ChatCompletions;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.ProviderAdapter;
import dev.gatehouse.provider.StreamTranslator;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.provider.UpstreamRequestBuilder;
import dev.gatehouse.routing.Route;
import dev.gatehouse.stream.ChunkFactory;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * AWS Bedrock's Converse API: {@code POST {base}/model/{modelId}/converse}, or
 * {@code /converse-stream} for an answer streamed as binary AWS event-stream messages, signed with
 * SigV4 for the signing name {@code bedrock} (Bedrock Runtime API reference, "Converse",
 * "ConverseStream"). The route's upstream model is the model ID, inference profile or ARN.
 *
 * <p>Chat only: Bedrock's embedding models are reached through InvokeModel with a body format of
 * their own per model, so this adapter is no {@link dev.gatehouse.provider.EmbeddingsAdapter} and
 * routing never sends it an embeddings request.
 *
 * <p>Stateless and thread-safe. Every method is pure, except that {@link #toUpstream} reads the
 * injected clock to date the signature.
 */
public final class BedrockAdapter implements ProviderAdapter {

    /** The media type ConverseStream answers with. */
    static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    private final AwsRequestSigner signer;
    private final UpstreamRequestBuilder requests;

    /** @param clock the time signatures are dated with: the gateway's clock, or a fixed one in tests */
    public BedrockAdapter(Clock clock) {
        this.signer = new AwsRequestSigner("bedrock", clock);
        this.requests = UpstreamRequestBuilder.authenticatedBy(this::sign).streamingAs(EVENT_STREAM);
    }

    @Override
    public UpstreamRequest toUpstream(CanonicalRequest request, Route route) {
        ProviderSettings provider = route.provider();
        if (provider.options().aws() == null || provider.options().region() == null) {
            throw GatewayError.internal("provider '" + provider.name() + "' has no AWS region or credentials");
        }
        String url = provider.baseUrl() + "/model/" + pathSegment(route.upstreamModel())
                + (request.stream() ? "/converse-stream" : "/converse");
        return requests.postJson(
                provider,
                url,
                request.stream(),
                OpenAiToBedrockRequest.of(
                        request, route.upstreamModel(), provider.options().defaultMaxTokens(), provider.name()));
    }

    /**
     * SigV4 over the finished request. The names go out in lower case, as signed, so a configured
     * header that differs from one of the gateway's only in case is replaced by it, not sent twice
     * beside a signature that covers one of them.
     */
    private UpstreamRequest sign(ProviderSettings provider, UpstreamRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        headers.putAll(signer.sign(
                request.method().name(),
                URI.create(request.url()),
                headers,
                request.body().getBytes(),
                Objects.requireNonNull(provider.options().region(), "the config loader requires a region for Bedrock"),
                Objects.requireNonNull(
                        provider.options().aws(), "the config loader requires credentials for Bedrock")));
        return new UpstreamRequest(request.method(), request.url(), headers, request.body());
    }

    /**
     * Model IDs contain ':' ({@code anthropic.claude-3-5-sonnet-20240620-v1:0}) and ARNs '/', both
     * escaped in the path as the AWS SDKs do; the signer then encodes the path once more, as SigV4
     * prescribes for every service but S3.
     */
    private static String pathSegment(String modelId) {
        return URLEncoder.encode(modelId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public Reply.Unary fromUpstream(CanonicalRequest request, Route route, Buffer body) {
        return BedrockToOpenAiResponse.of(
                body, route.upstreamModel(), route.provider().name());
    }

    @Override
    public StreamTranslator newStreamTranslator(CanonicalRequest request, Route route) {
        ChunkFactory chunks = new ChunkFactory(ChatCompletions.newId(), ChatCompletions.now(), route.upstreamModel());
        return new BedrockStreamToOpenAi(route.provider().name(), chunks);
    }

    @Override
    public String streamContentType() {
        return EVENT_STREAM;
    }

    @Override
    public GatewayError toError(Route route, int status, MultiMap headers, Buffer body) {
        return BedrockErrors.fromResponse(route.provider().name(), status, headers.get("x-amzn-errortype"), body);
    }
}
