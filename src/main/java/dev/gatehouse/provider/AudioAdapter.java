package dev.gatehouse.provider;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.routing.Route;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * An optional ability of a provider adapter: OpenAI's audio endpoints, {@code /v1/audio/transcriptions}
 * and {@code /translations} (a multipart upload whose file is streamed from the client, see
 * {@link dev.gatehouse.api.UploadBody}) and {@code /v1/audio/speech} (JSON in, audio out). Routing
 * sends audio only to deployments whose adapter implements it (the {@code audio} capability).
 *
 * <p>Same contract as {@link ProviderAdapter}: stateless, thread-safe, never blocks, never mutates
 * the canonical request. {@link #toUpstreamAudio} takes an upload's body, which can be sent once.
 */
public interface AudioAdapter {

    /** The HTTP request for the audio {@code request}. */
    UpstreamRequest toUpstreamAudio(CanonicalRequest request, Route route);

    /**
     * A fresh reader of one speech answer: the audio goes to the client as it arrives (see
     * {@link MediaBytesTranslator}), billed for what the request's input holds.
     */
    StreamTranslator newSpeechStream(CanonicalRequest request, Route route);

    /**
     * The answer for a successful (2xx) response, passed back as it came (JSON, text, or audio
     * bytes), with what it is billed for: the seconds of audio transcribed or the characters spoken.
     *
     * @param contentType the response's media type, or {@code null} when it had none
     * @throws GatewayError (502) when a JSON answer is not valid JSON
     */
    Reply.Unary fromUpstreamAudio(CanonicalRequest request, Route route, Buffer body, @Nullable String contentType);
}
