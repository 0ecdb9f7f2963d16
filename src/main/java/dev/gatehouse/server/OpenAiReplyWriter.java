package dev.gatehouse.server;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.SseEncoder;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

/**
 * OpenAI's API: canonical answers go out as they are, in their own media type (JSON, or the text or
 * audio of an endpoint passed through).
 */
final class OpenAiReplyWriter implements ReplyWriter {

    @Override
    public Future<Void> error(HttpServerResponse response, GatewayError error) {
        return ErrorResponses.write(response, error);
    }

    @Override
    public Future<Void> unary(HttpServerResponse response, Reply.Unary reply, Exchange ex) {
        return response.setStatusCode(reply.status())
                .putHeader("content-type", reply.contentType())
                .end(reply.body());
    }

    @Override
    public SseEncoder streamEncoder(Exchange ex, ChunkStream stream) {
        return new OpenAiSseEncoder(ex.get(CanonicalRequest.KEY).clientWantsUsage());
    }
}
