package dev.gatehouse.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.ValidateRequest;
import dev.gatehouse.api.responses.ChatStreamToResponseEvents;
import dev.gatehouse.api.responses.ChatToResponse;
import dev.gatehouse.api.responses.ResponseFrame;
import dev.gatehouse.api.responses.ResponsesInput;
import dev.gatehouse.api.responses.ResponsesStreamRelay;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.responsestore.ResponseArchive;
import dev.gatehouse.responsestore.ResponseOwner;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.SseEncoder;
import dev.gatehouse.time.GatewayClock;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenAI's Responses API: canonical answers become Response objects and streams the typed Responses
 * events; errors keep OpenAI's error shape. A response the client asked to keep ({@code store}, by
 * default) is written to the store before the client sees it complete (the JSON answer, or the
 * stream's {@code response.completed}), so {@code previous_response_id} and {@code GET} find it at
 * once. A failed write is logged and the answer still goes out: it is the client's answer either way.
 */
final class ResponsesReplyWriter implements ReplyWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ResponsesReplyWriter.class);

    /** The frame of the response being answered, made once per exchange. */
    private static final Exchange.Key<ResponseFrame> FRAME = Exchange.Key.of("response-frame");

    private final ResponseArchive archive;
    private final GatewayClock clock;

    ResponsesReplyWriter(ResponseArchive archive, GatewayClock clock) {
        this.archive = archive;
        this.clock = clock;
    }

    @Override
    public Future<Void> error(HttpServerResponse response, GatewayError error) {
        return ErrorResponses.write(response, error);
    }

    @Override
    public Future<Void> unary(HttpServerResponse response, Reply.Unary reply, Exchange ex) {
        return response(reply, ex)
                .compose(bytes -> response.setStatusCode(reply.status())
                        .putHeader("content-type", "application/json")
                        .end(bytes));
    }

    /**
     * The Response object of a JSON answer, kept first when the request asked for it: what the HTTP
     * client reads, and what a batch line's output carries ({@link BatchLines}). Never fails.
     */
    Future<Buffer> response(Reply.Unary reply, Exchange ex) {
        ResponseFrame frame = frame(ex);
        Buffer passthrough = reply.passthrough();
        // An OpenAI deployment's own Response goes out as it came; any other answer is translated.
        ObjectNode answer = passthrough != null
                ? (ObjectNode) Json.parse(passthrough)
                : ChatToResponse.translate(frame, Json.parse(reply.body()), reply.usage());
        Buffer bytes = passthrough != null ? passthrough : Json.encode(answer);
        return keep(ex, frame, answer).map(v -> bytes);
    }

    @Override
    public SseEncoder streamEncoder(Exchange ex, ChunkStream stream) {
        return new ResponsesStreamRelay(new ChatStreamToResponseEvents(frame(ex), () -> {
            Future<Usage> usage = stream.usage();
            return usage.succeeded() ? usage.result() : null;
        }));
    }

    @Override
    public ChunkStream streamed(Exchange ex, ChunkStream stream, SseEncoder encoder) {
        ResponsesStreamRelay events = (ResponsesStreamRelay) encoder;
        return new EndAfterStream(stream, () -> keep(ex, frame(ex), events.completedResponse()));
    }

    private ResponseFrame frame(Exchange ex) {
        ResponseFrame frame = ex.find(FRAME);
        if (frame == null) {
            frame = new ResponseFrame(
                    ResponseFrame.newId("resp"), clock.instant().getEpochSecond(), ex.get(ValidateRequest.BODY));
            ex.put(FRAME, frame);
        }
        return frame;
    }

    /** Writes the response to the store when the client asked for it; never fails. */
    private Future<Void> keep(Exchange ex, ResponseFrame frame, ObjectNode answer) {
        Principal principal = ex.find(Principal.KEY);
        if (!frame.store() || principal == null) {
            return Future.succeededFuture();
        }
        List<ObjectNode> input = ResponsesInput.normalized(frame.request().path("input"), ResponseFrame::newId);
        return archive.keep(
                        ResponseOwner.of(principal),
                        principal.keyId(),
                        input,
                        answer,
                        ex.config().responses().retention())
                .recover(e -> {
                    LOG.error(
                            "keeping response {} failed (request {}); it cannot be retrieved or continued",
                            frame.id(),
                            ex.requestId(),
                            e);
                    return Future.succeededFuture();
                });
    }
}
