package dev.gatehouse.provider;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.routing.Route;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Everything a provider dialect knows about chat completions: how to translate requests, answers,
 * streams and errors between the canonical (OpenAI) form and its wire format. Nothing else: the
 * HTTP call, timeouts, retries and accounting live in the dispatcher. Optional abilities are small
 * interfaces of their own that a dialect implements only when its provider has them
 * ({@link EmbeddingsAdapter}, {@link HealthProbe}).
 *
 * <p>Implementations are stateless and thread-safe. Every method is pure and idempotent (it may run
 * again for a retry), never blocks, and never mutates the canonical request.
 */
public interface ProviderAdapter {

    /** The HTTP request that asks the provider for the chat completion {@code request} on {@code route}. */
    UpstreamRequest toUpstream(CanonicalRequest request, Route route);

    /**
     * The canonical answer for a successful (2xx) non-streamed response body.
     *
     * @throws GatewayError (502) when the body is not valid JSON or not in the provider's format
     */
    Reply.Unary fromUpstream(CanonicalRequest request, Route route, Buffer body);

    /** A fresh translator for one streamed response. */
    StreamTranslator newStreamTranslator(CanonicalRequest request, Route route);

    /**
     * The media type of this provider's streamed responses. The dispatcher refuses a 2xx answer to a
     * streaming request that carries another type, before any translator sees it.
     */
    default String streamContentType() {
        return "text/event-stream";
    }

    /** The error a non-2xx response means, in the common taxonomy (for every endpoint the adapter serves). */
    GatewayError toError(Route route, int status, MultiMap headers, Buffer body);
}
