package dev.gatehouse.server;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.SseEncoder;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes the pipeline's canonical replies in one client API's format (OpenAI's or Anthropic's).
 * Called on the request's event loop. Each write's future tells whether the whole answer reached
 * the client's connection (it fails when the client went away first).
 */
interface ReplyWriter {

    Future<Void> error(HttpServerResponse response, GatewayError error);

    Future<Void> unary(HttpServerResponse response, Reply.Unary reply, Exchange ex);

    /**
     * The encoder for one streamed answer.
     *
     * @param stream the answer it encodes, whose {@link ChunkStream#usage()} is complete once the stream has ended
     */
    SseEncoder streamEncoder(Exchange ex, ChunkStream stream);

    /**
     * The stream to write with {@code encoder}: {@code stream} itself, or a wrapper that does the
     * API's own work around its end (the Responses API keeps the finished response first).
     */
    default ChunkStream streamed(Exchange ex, ChunkStream stream, SseEncoder encoder) {
        return stream;
    }
}
