package dev.gatehouse.provider;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.routing.Route;
import io.vertx.core.buffer.Buffer;

/**
 * An optional ability of a provider adapter: {@code /v1/rerank} in Cohere's v2 shape
 * ({@code {model, query, documents, top_n, return_documents}} in;
 * {@code {id, results: [{index, relevance_score, document?}], meta: {billed_units}}} out). Routing
 * sends a rerank request only to deployments whose adapter implements it (the {@code rerank}
 * capability).
 *
 * <p>Same contract as {@link ProviderAdapter}: stateless, thread-safe, pure and idempotent, never
 * blocks, never mutates the canonical request.
 */
public interface RerankAdapter {

    /** The HTTP request that asks the provider to rerank as {@code request} wants. */
    UpstreamRequest toUpstreamRerank(CanonicalRequest request, Route route);

    /**
     * The answer in Cohere's v2 shape for a successful (2xx) response body, with what it is billed
     * for (search units, or tokens where the provider bills those).
     *
     * @throws GatewayError (502) when the body is not a rerank response
     */
    Reply.Unary fromUpstreamRerank(CanonicalRequest request, Route route, Buffer body);
}
