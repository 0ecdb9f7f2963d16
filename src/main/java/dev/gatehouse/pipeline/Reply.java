package dev.gatehouse.pipeline;

import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;

/** What the pipeline answers: a whole JSON body, or a stream of chunks. */
public sealed interface Reply permits Reply.Unary, Reply.Streaming {

    /**
     * A complete JSON answer in the OpenAI format of the request's endpoint.
     *
     * @param usage tokens the upstream reports for it, or {@link Usage#NONE} when it has none
     */
    record Unary(int status, Buffer body, Usage usage) implements Reply {}

    /** An answer whose OpenAI chat-completion chunks arrive over time. */
    record Streaming(ChunkStream stream) implements Reply {}
}
