package dev.gatehouse.provider;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.routing.Route;
import io.vertx.core.buffer.Buffer;

/**
 * An optional ability of a provider adapter: OpenAI's legacy {@code /v1/completions}. Only a dialect
 * whose provider serves it implements it; routing sends a completions request only to deployments
 * whose adapter does (the {@code completions} capability). A streamed answer is read by the
 * adapter's {@link ProviderAdapter#newStreamTranslator}, whose chunks keep the provider's bytes.
 *
 * <p>Same contract as {@link ProviderAdapter}: stateless, thread-safe, pure and idempotent, never
 * blocks, never mutates the canonical request.
 */
public interface CompletionsAdapter {

    /** The HTTP request that asks the provider for the completion {@code request} wants. */
    UpstreamRequest toUpstreamCompletions(CanonicalRequest request, Route route);

    /**
     * The answer for a successful (2xx) response body, as the client receives it, with its usage.
     *
     * @throws GatewayError (502) when the body is not a completions response
     */
    Reply.Unary fromUpstreamCompletions(CanonicalRequest request, Route route, Buffer body);
}
