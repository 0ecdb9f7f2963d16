package dev.gatehouse.server;

import dev.gatehouse.time.GatewayClock;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request's body whole, up to {@code server.max_body_size}, for the JSON endpoints served
 * without the router ({@link ClientApiRoutes}); what vert.x-web's body handler does for the routed
 * ones, without a routing context per request. A body over the limit, declared or as it arrives, is
 * answered 413 and the rest read and dropped ({@link LingeringClose}); a body the HTTP decoder could
 * not read is answered 400 and its connection closed. Event loop only.
 */
final class WholeBody {

    private static final Logger LOG = LoggerFactory.getLogger(WholeBody.class);

    /** The largest buffer allocated up front from a declared length; a longer body grows it as it arrives. */
    private static final int MAX_PREALLOCATED_BYTES = 64 * 1024;

    private WholeBody() {}

    /**
     * Reads {@code request}'s body, then calls {@code then} with it on the event loop; or answers the
     * request with an error and never calls {@code then}.
     *
     * @param limit the most bytes accepted
     * @param connections tells a decoder failure from a client going away
     * @param clock times how long the rest of a body over the limit is read before the connection closes
     */
    static void read(
            HttpServerRequest request,
            long limit,
            ClientConnections connections,
            GatewayClock clock,
            BiConsumer<HttpServerRequest, Buffer> then) {
        long declared = declaredLength(request.getHeader("content-length"));
        if (declared > limit) {
            tooLarge(request, limit, clock);
            return;
        }
        if (request.isEnded()) {
            then.accept(request, Buffer.buffer());
            return;
        }
        Buffer body = Buffer.buffer(declared > 0 ? (int) Math.min(declared, MAX_PREALLOCATED_BYTES) : 1024);
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                refused[0] = true;
                tooLarge(request, limit, clock);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(failure -> {
            if (refused[0]) {
                return;
            }
            refused[0] = true;
            if (connections.failedInTransport(request, failure)) {
                HttpLayerErrors.undecodableBody(request, failure);
            } else {
                // The client went away or reset its stream: nobody is left to answer.
                LOG.debug("request body not read whole: {}", String.valueOf(failure));
            }
        });
        request.endHandler(v -> {
            if (!refused[0]) {
                then.accept(request, body);
            }
        });
    }

    private static void tooLarge(HttpServerRequest request, long limit, GatewayClock clock) {
        LingeringClose.refuse(request, HttpLayerErrors.bodyTooLarge(limit), clock);
    }

    /** The declared Content-Length, or -1 when there is none or it is not a number. */
    static long declaredLength(@Nullable String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
