package dev.gatehouse.provider;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.routing.Route;
import io.vertx.core.buffer.Buffer;

/**
 * An optional ability of a provider adapter: translating OpenAI's {@code /v1/embeddings} to the
 * provider's embeddings endpoint and back. Only a dialect whose provider can embed implements it;
 * routing sends an embeddings request only to deployments whose adapter does (the
 * {@code embeddings} capability), so an adapter never has to refuse one. The adapter's
 * {@link ProviderAdapter#toError} classifies the errors of both endpoints.
 *
 * <p>Same contract as {@link ProviderAdapter}: stateless, thread-safe, pure and idempotent (it may
 * run again for a retry), never blocks, never mutates the canonical request.
 */
public interface EmbeddingsAdapter {

    /** The HTTP request that asks the provider for the embeddings {@code request} (an embeddings request) wants. */
    UpstreamRequest toUpstreamEmbeddings(CanonicalRequest request, Route route);

    /**
     * The canonical (OpenAI) embeddings answer for a successful (2xx) response body.
     *
     * @throws GatewayError (502) when the body is not valid JSON or not in the provider's format
     */
    Reply.Unary fromUpstreamEmbeddings(CanonicalRequest request, Route route, Buffer body);
}
