package dev.gatehouse.provider;

import dev.gatehouse.config.ProviderSettings;

/**
 * How a dialect proves the gateway's identity to its provider: the key in a header, or a signature
 * over the whole request (AWS SigV4). {@link UpstreamRequestBuilder} runs it last, on a request that
 * is otherwise complete, so a signature covers every header and the body.
 *
 * <p>Implementations are pure (a signer dates its signature with an injected clock), never block,
 * and never log the request: its headers carry the secret.
 */
@FunctionalInterface
public interface UpstreamAuth {

    /** {@code request}, ready to send to {@code provider}, with the credentials added. */
    UpstreamRequest authorize(ProviderSettings provider, UpstreamRequest request);

    /**
     * The provider's key in header {@code name} after {@code prefix} ({@code "Bearer "} for
     * {@code authorization}, empty for a header that holds the bare key). A provider without a key
     * (a local server without auth) sends no such header.
     */
    static UpstreamAuth keyHeader(String name, String prefix) {
        return (provider, request) -> {
            String key = provider.apiKey();
            return key == null || key.isEmpty() ? request : request.withHeader(name, prefix + key);
        };
    }
}
