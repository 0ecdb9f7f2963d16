package dev.gatehouse.provider;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.routing.Route;
import io.vertx.core.buffer.Buffer;

/**
 * An optional ability of a provider adapter: OpenAI's {@code /v1/images/generations}. Routing sends
 * an image request only to deployments whose adapter implements it (the {@code images} capability).
 *
 * <p>Same contract as {@link ProviderAdapter}: stateless, thread-safe, pure and idempotent, never
 * blocks, never mutates the canonical request.
 */
public interface ImagesAdapter {

    /** The HTTP request that asks the provider for the images {@code request} wants. */
    UpstreamRequest toUpstreamImages(CanonicalRequest request, Route route);

    /**
     * The answer for a successful (2xx) response body, as it came, billed per image generated (and
     * per token where the provider reports tokens).
     *
     * @throws GatewayError (502) when the body is not an images response
     */
    Reply.Unary fromUpstreamImages(CanonicalRequest request, Route route, Buffer body);
}
