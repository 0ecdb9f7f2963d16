package dev.gatehouse.server;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.InternalErrors;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers for what fails below any handler: a request head the HTTP decoder refused (too large, or
 * not HTTP at all) and a request body it could not decode (a broken chunked encoding). They get
 * the client API's error shape like every other error, with {@code connection: close}. Vert.x
 * closes the connection after them itself (a decoder failure fails the connection once the answer
 * is written): the bytes that follow cannot be framed.
 */
final class HttpLayerErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpLayerErrors.class);

    /** Vert.x's defaults, set explicitly so the limits named in the answers are the ones enforced. */
    static final int MAX_HEADER_BYTES = 8192;

    static final int MAX_REQUEST_LINE_BYTES = 4096;

    private HttpLayerErrors() {}

    /** The server's invalid-request handler: a head the decoder refused. */
    static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        GatewayError error;
        if (cause instanceof TooLongHttpHeaderException) {
            error = new GatewayError(
                    ErrorKind.INVALID_REQUEST,
                    431,
                    ErrorKind.INVALID_REQUEST.openAiType(),
                    "The request's headers are larger than the limit of " + MAX_HEADER_BYTES + " bytes.",
                    null,
                    "request_header_fields_too_large");
        } else if (cause instanceof TooLongHttpLineException) {
            error = new GatewayError(
                    ErrorKind.INVALID_REQUEST,
                    414,
                    ErrorKind.INVALID_REQUEST.openAiType(),
                    "The request line (method and URL) is longer than the limit of " + MAX_REQUEST_LINE_BYTES
                            + " bytes.",
                    null,
                    "request_uri_too_long");
        } else {
            error = GatewayError.of(
                    ErrorKind.INVALID_REQUEST, "The request is not valid HTTP/1.1.", null, "malformed_http_request");
        }
        LOG.debug("refused a request the HTTP decoder could not read: {}", String.valueOf(cause));
        answerAndClose(request, error);
    }

    /** A request whose body the decoder could not read, after its head was accepted. */
    static void undecodableBody(HttpServerRequest request, Throwable cause) {
        LOG.debug("refused a request whose body the HTTP decoder could not read: {}", String.valueOf(cause));
        answerAndClose(
                request,
                GatewayError.of(
                        ErrorKind.INVALID_REQUEST,
                        "The request body could not be read: its chunked transfer encoding is invalid.",
                        null,
                        "malformed_http_request"));
    }

    /** A request body over {@code server.max_body_size} ({@code limit} bytes). */
    static GatewayError bodyTooLarge(long limit) {
        return GatewayError.of(
                ErrorKind.PAYLOAD_TOO_LARGE,
                "The request body is larger than the limit of " + limit + " bytes.",
                null,
                "request_too_large");
    }

    /**
     * A handler's unexpected failure, as a 500 carrying the request id the response already has
     * (logged once, with its stack, by {@link InternalErrors}).
     */
    static GatewayError handlerFailed(HttpServerRequest request, Throwable failure) {
        return InternalErrors.toGatewayError(
                String.valueOf(request.response().headers().get("x-request-id")), failure);
    }

    /** Answers {@code error} with {@code connection: close}, unless an answer already started. */
    static void answerAndClose(HttpServerRequest request, GatewayError error) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (!response.headWritten()) {
            response.putHeader("connection", "close");
        }
        write(request, error);
    }

    /** An error answered outside a handler, in the shape of the API the path belongs to. */
    static Future<Void> write(HttpServerRequest request, GatewayError error) {
        if (request.path() != null && request.path().startsWith("/v1/messages")) {
            return AnthropicReplyWriter.write(request.response(), error);
        }
        return ErrorResponses.write(request.response(), error);
    }
}
