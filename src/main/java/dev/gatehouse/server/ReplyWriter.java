package dev.gatehouse.server;

import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.SseEncoder;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes the pipeline's canonical replies in one client API's format (OpenAI's or Anthropic's).
 * Called on the request's event loop.
 */
interface ReplyWriter {

    void error(HttpServerResponse response, GatewayError error);

    void unary(HttpServerResponse response, Reply.Unary reply, Exchange ex);

    /**
     * The encoder for one streamed answer.
     *
     * @param stream the answer it encodes, whose {@link ChunkStream#usage()} is complete once the stream has ended
     */
    SseEncoder streamEncoder(Exchange ex, ChunkStream stream);
}
