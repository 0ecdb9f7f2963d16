package dev.gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Pipeline stage: parses the request body and has the endpoint's {@link RequestReader} validate it
 * into the {@link CanonicalRequest} it puts on the exchange.
 */
public final class ValidateRequest implements Interceptor {

    /** How the endpoint the client called reads its body. Set by the server. */
    public static final Exchange.Key<RequestReader> READER = Exchange.Key.of("request-reader");

    /** The streamed body of a multipart upload, set by the server instead of a JSON body. */
    public static final Exchange.Key<UploadBody> UPLOAD = Exchange.Key.of("upload-body");

    /**
     * The request body as parsed, for later stages and writers that read fields the canonical
     * request does not carry (a Responses request's {@code previous_response_id}). Must not be mutated.
     */
    public static final Exchange.Key<ObjectNode> BODY = Exchange.Key.of("request-body");

    /**
     * The bytes of a body a stage before this one rewrote (a rendered prompt template), which
     * readers forward instead of the client's. Absent when the body is the client's.
     */
    public static final Exchange.Key<Buffer> BODY_BYTES = Exchange.Key.of("request-body-bytes");

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        UploadBody upload = ex.find(UPLOAD);
        if (upload != null) {
            // A multipart upload: the reader checks the form's text fields; the file streams on.
            ex.put(
                    CanonicalRequest.KEY,
                    ex.get(READER).read(upload.fields(), null).withUpload(upload));
            return chain.proceed(ex);
        }
        // A stage before (RenderPrompt) may have parsed the body already, or rewritten it.
        ObjectNode body = ex.find(BODY);
        Buffer rewritten = ex.find(BODY_BYTES);
        Buffer bytes = rewritten != null ? rewritten : ex.request().body();
        if (body == null) {
            body = parseBody(bytes);
            ex.put(BODY, body);
        }
        ex.put(
                CanonicalRequest.KEY,
                ex.get(READER).read(body, bytes, ex.request().headers()));
        return chain.proceed(ex);
    }

    /**
     * The body as a JSON object.
     *
     * @throws GatewayError 400 when it is empty, not JSON, or not an object
     */
    public static ObjectNode parseBody(Buffer bytes) {
        if (bytes.length() == 0) {
            throw GatewayError.invalid("The request has no body. Send a JSON object.", null);
        }
        JsonNode json = Json.tryParse(bytes)
                .orElseThrow(() -> GatewayError.of(
                        ErrorKind.INVALID_REQUEST,
                        "We could not parse the JSON body of your request. The API expects a JSON payload, but what was sent was not valid JSON.",
                        null,
                        "invalid_json"));
        if (!json.isObject()) {
            throw GatewayError.invalid("The request body must be a JSON object.", null);
        }
        return (ObjectNode) json;
    }
}
