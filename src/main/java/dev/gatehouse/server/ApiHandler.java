package dev.gatehouse.server;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.Endpoint;
import dev.gatehouse.api.RequestReader;
import dev.gatehouse.api.UploadBody;
import dev.gatehouse.api.ValidateRequest;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.IncomingRequest;
import dev.gatehouse.pipeline.InternalErrors;
import dev.gatehouse.pipeline.Pipeline;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.stream.SseEncoder;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Serves one client-API endpoint that reaches a provider ({@code /v1/chat/completions},
 * {@code /v1/embeddings}, {@code /v1/messages}): starts an exchange with the incoming request and
 * one snapshot of the gateway state, runs the pipeline (which does everything else, on the request
 * and the response side), and writes its reply as JSON or SSE in the client API's format.
 */
final class ApiHandler {

    private final Pipeline pipeline;
    private final RequestReader reader;
    private final ReplyWriter writer;
    private final Supplier<GatewayState> state;
    private final GatewayClock clock;

    /** @param clock times requests: their start, end and latency */
    ApiHandler(
            Pipeline pipeline,
            RequestReader reader,
            ReplyWriter writer,
            Supplier<GatewayState> state,
            GatewayClock clock) {
        this.pipeline = pipeline;
        this.reader = reader;
        this.writer = writer;
        this.state = state;
        this.clock = clock;
    }

    /** Serves a request whose body was read whole. */
    void handle(HttpServerRequest request, Buffer body) {
        run(request, body, null);
    }

    /** Serves a multipart upload whose form was read up to its model ({@link UploadReceiver}). */
    void handleUpload(HttpServerRequest request, UploadBody upload) {
        run(request, Buffer.buffer(), upload);
    }

    private void run(HttpServerRequest request, Buffer body, @Nullable UploadBody upload) {
        HttpServerResponse response = request.response();
        GatewayState snapshot = state.get();
        Exchange ex = new Exchange(
                RequestIds.next(),
                clock.nanoTime(),
                new IncomingRequest(request.method().name(), request.path(), request.headers(), body),
                snapshot.config());
        snapshot.seed(ex);
        ex.put(ValidateRequest.READER, reader);
        if (upload != null) {
            ex.put(ValidateRequest.UPLOAD, upload);
        }
        response.putHeader("x-request-id", ex.requestId());
        // The client went away before the answer was complete. Once end() was called, the write's
        // own outcome says that instead: an HTTP/2 stream reports its close after every answer, and
        // HTTP/1.1 reports none for a connection closed while the end was still being written.
        response.closeHandler(v -> {
            if (!response.ended()) {
                ex.cancel();
            }
        });
        pipeline.handle(ex).onComplete(done -> {
            if (response.closed()) {
                ex.cancel();
                if (done.succeeded() && done.result() instanceof Reply.Streaming streaming) {
                    streaming.stream().cancel();
                }
                return;
            }
            if (!response.headWritten()) {
                ex.replyHeaders().forEach(response::putHeader);
                if (upload != null && !request.isEnded()) {
                    response.putHeader("connection", "close");
                }
            }
            Future<Void> written;
            if (done.failed()) {
                written = writer.error(response, InternalErrors.toGatewayError(ex, done.cause()));
            } else if (done.result() instanceof Reply.Unary unary) {
                written = writer.unary(response, unary, ex);
            } else if (ex.get(CanonicalRequest.KEY).endpoint() == Endpoint.AUDIO_SPEECH) {
                written = new BytesResponder(response, ((Reply.Streaming) done.result()).stream(), ex).start();
            } else {
                Reply.Streaming streaming = (Reply.Streaming) done.result();
                SseEncoder encoder = writer.streamEncoder(ex, streaming.stream());
                written = new SseResponder(response, writer.streamed(ex, streaming.stream(), encoder), encoder, ex)
                        .start();
            }
            if (upload != null) {
                // Refused before dispatch, or the provider answered before taking the whole file: the
                // rest is unread on this connection, so it cannot carry another request.
                written.onComplete(w -> {
                    if (!request.isEnded()) {
                        LingeringClose.after(request, clock);
                    }
                });
            }
            written.onComplete(w -> {
                if (w.succeeded()) {
                    ex.complete();
                } else {
                    ex.cancel();
                }
            });
        });
    }
}
