package dev.gatehouse.server;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import org.jspecify.annotations.Nullable;

/**
 * The rest of an upload sent without a {@code content-length} (chunked), counted as it streams: past
 * the upload limit the client's connection is closed and the pipe to the provider fails, so a
 * chunked upload cannot pass {@code server.max_upload_size} either. (One with a length over the limit
 * is refused before anything is read.) Event loop only.
 */
final class LimitedUpload implements ReadStream<Buffer> {

    private final HttpServerRequest request;
    private final long limit;
    private long seen;
    private @Nullable Handler<Throwable> exceptionHandler;

    /** @param alreadyRead the bytes of the body read before this stream takes over */
    LimitedUpload(HttpServerRequest request, long limit, long alreadyRead) {
        this.request = request;
        this.limit = limit;
        this.seen = alreadyRead;
    }

    @Override
    public LimitedUpload exceptionHandler(@Nullable Handler<Throwable> handler) {
        exceptionHandler = handler;
        request.exceptionHandler(handler);
        return this;
    }

    @Override
    public LimitedUpload handler(@Nullable Handler<Buffer> handler) {
        if (handler == null) {
            request.handler(null);
            return this;
        }
        request.handler(chunk -> {
            seen += chunk.length();
            if (seen > limit) {
                request.handler(null);
                request.connection().close();
                Handler<Throwable> failed = exceptionHandler;
                if (failed != null) {
                    failed.handle(GatewayError.of(
                            ErrorKind.PAYLOAD_TOO_LARGE,
                            "The upload is larger than the limit of " + limit + " bytes.",
                            "file",
                            "request_too_large"));
                }
                return;
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public LimitedUpload pause() {
        request.pause();
        return this;
    }

    @Override
    public LimitedUpload resume() {
        request.resume();
        return this;
    }

    @Override
    public LimitedUpload fetch(long amount) {
        request.fetch(amount);
        return this;
    }

    @Override
    public LimitedUpload endHandler(@Nullable Handler<Void> endHandler) {
        request.endHandler(endHandler);
        return this;
    }
}
