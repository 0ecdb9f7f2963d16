package dev.gatehouse.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.pipeline.Exchange;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * A validated client request in canonical form: the OpenAI request JSON, kept whole so fields the
 * gateway does not understand still reach OpenAI-compatible upstreams, plus the typed facts the
 * gateway acts on. The body must not be mutated; adapters copy it before changing anything.
 *
 * @param model the public model name the client asked for
 * @param stream whether the client wants Server-Sent Events
 * @param clientWantsUsage whether the client asked for the trailing usage chunk
 *     ({@code stream_options.include_usage})
 * @param maxOutputTokens {@code max_completion_tokens} or {@code max_tokens}, or {@code null}
 * @param originalBytes the body exactly as the client sent it, forwarded as is when an adapter needs
 *     no change to it (saves re-serializing on the hot path); {@code null} when not available
 * @param nativeRequest the request in the client API's own dialect when that is not the canonical one
 *     (an Anthropic {@code /v1/messages} body), for a provider of that dialect to receive unchanged;
 *     {@code null} for OpenAI-format requests, whose canonical body is the client's
 * @param upload the streamed multipart body of an audio upload, whose {@code body} holds only the
 *     form's text fields read before the file; {@code null} for JSON requests
 */
public record CanonicalRequest(
        Endpoint endpoint,
        ObjectNode body,
        String model,
        boolean stream,
        boolean clientWantsUsage,
        @Nullable Integer maxOutputTokens,
        @Nullable Buffer originalBytes,
        @Nullable NativeRequest nativeRequest,
        @Nullable UploadBody upload) {

    public static final Exchange.Key<CanonicalRequest> KEY = Exchange.Key.of("canonical-request");

    /** A request with no native form beside it (the client spoke the canonical dialect). */
    public CanonicalRequest(
            Endpoint endpoint,
            ObjectNode body,
            String model,
            boolean stream,
            boolean clientWantsUsage,
            @Nullable Integer maxOutputTokens,
            @Nullable Buffer originalBytes) {
        this(endpoint, body, model, stream, clientWantsUsage, maxOutputTokens, originalBytes, null, null);
    }

    /** A request with its native form beside it and no upload. */
    public CanonicalRequest(
            Endpoint endpoint,
            ObjectNode body,
            String model,
            boolean stream,
            boolean clientWantsUsage,
            @Nullable Integer maxOutputTokens,
            @Nullable Buffer originalBytes,
            @Nullable NativeRequest nativeRequest) {
        this(endpoint, body, model, stream, clientWantsUsage, maxOutputTokens, originalBytes, nativeRequest, null);
    }

    /** This request with the streamed body of its upload. */
    public CanonicalRequest withUpload(UploadBody body) {
        return new CanonicalRequest(
                endpoint,
                this.body,
                model,
                stream,
                clientWantsUsage,
                maxOutputTokens,
                originalBytes,
                nativeRequest,
                body);
    }

    /** This request with {@code nativeRequest} kept beside it. */
    public CanonicalRequest withNative(NativeRequest nativeRequest) {
        return new CanonicalRequest(
                endpoint, body, model, stream, clientWantsUsage, maxOutputTokens, originalBytes, nativeRequest, upload);
    }

    /** The client's request in {@code dialect}, or {@code null} when the client spoke another one. */
    public @Nullable NativeRequest nativeIn(NativeRequest.Dialect dialect) {
        return nativeRequest != null && nativeRequest.dialect() == dialect ? nativeRequest : null;
    }
}
