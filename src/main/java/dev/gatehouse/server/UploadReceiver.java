package dev.gatehouse.server;

import dev.gatehouse.api.MultipartHead;
import dev.gatehouse.api.UploadBody;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.LongSupplier;

/**
 * The front of a multipart upload endpoint ({@code /v1/audio/transcriptions}, {@code /translations}):
 * checks the content type and declared length, reads the form only until its {@code model} field
 * (see {@link MultipartHead}), pauses the client's request there and hands it to the
 * {@link ApiHandler}, whose pipeline routes it and whose dispatch pipes the rest to the provider.
 * So the gateway never holds the file, however large; JSON routes keep their body handler and limit.
 * Event loop only.
 */
final class UploadReceiver {

    private final ApiHandler api;
    private final LongSupplier maxUploadBytes;
    private final LongSupplier maxHeadBytes;
    private final GatewayClock clock;

    /**
     * @param maxUploadBytes the largest upload accepted ({@code server.max_upload_size})
     * @param maxHeadBytes how much of the form may be held before its model is known
     *     ({@code server.max_body_size}, the limit of any body the gateway holds whole)
     * @param clock times how long the rest of a refused upload is read before its connection closes
     */
    UploadReceiver(ApiHandler api, LongSupplier maxUploadBytes, LongSupplier maxHeadBytes, GatewayClock clock) {
        this.api = api;
        this.maxUploadBytes = maxUploadBytes;
        this.maxHeadBytes = maxHeadBytes;
        this.clock = clock;
    }

    void handle(HttpServerRequest request) {
        String contentType = request.getHeader("content-type");
        String boundary = MultipartHead.boundaryOf(contentType);
        if (contentType == null || boundary == null) {
            refuse(
                    request,
                    GatewayError.of(
                            ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                            "Unsupported content type '" + contentType
                                    + "'. Send the upload as multipart/form-data with a boundary.",
                            null,
                            "unsupported_media_type"));
            return;
        }
        long length = WholeBody.declaredLength(request.getHeader("content-length"));
        long limit = maxUploadBytes.getAsLong();
        if (length > limit) {
            refuse(
                    request,
                    GatewayError.of(
                            ErrorKind.PAYLOAD_TOO_LARGE,
                            "The upload is larger than the limit of " + limit + " bytes.",
                            "file",
                            "request_too_large"));
            return;
        }
        MultipartHead form = new MultipartHead(boundary, maxHeadBytes.getAsLong());
        boolean[] handedOver = {false};
        request.handler(chunk -> {
            if (handedOver[0]) {
                return;
            }
            try {
                if (form.feed(chunk)) {
                    handedOver[0] = true;
                    request.pause();
                    request.handler(null);
                    request.endHandler(null);
                    api.handleUpload(
                            request,
                            new UploadBody(
                                    form.fields(),
                                    form.head(),
                                    form.modelStart(),
                                    form.modelEnd(),
                                    length >= 0
                                            ? request
                                            : new LimitedUpload(
                                                    request, limit, form.head().length()),
                                    length,
                                    contentType));
                }
            } catch (GatewayError e) {
                handedOver[0] = true;
                refuse(request, e);
            }
        });
        request.endHandler(v -> {
            if (handedOver[0]) {
                return;
            }
            handedOver[0] = true;
            try {
                form.end();
            } catch (GatewayError e) {
                refuse(request, e);
            }
        });
    }

    /** Answers before the pipeline ran; the rest of the body is not read, so the connection closes after. */
    private void refuse(HttpServerRequest request, GatewayError error) {
        LingeringClose.refuse(request, error, clock);
    }
}
