package dev.gatehouse.pipeline;

import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/** What the pipeline answers: a whole JSON body, or a stream of chunks. */
public sealed interface Reply permits Reply.Unary, Reply.Streaming {

    /**
     * A complete JSON answer in the OpenAI format of the request's endpoint.
     *
     * @param usage tokens the upstream reports for it, or {@link Usage#NONE} when it has none
     * @param passthrough the provider's answer exactly as it came, when the provider speaks the
     *     client API's own dialect (an Anthropic deployment answering {@code /v1/messages}): that
     *     API's writer sends these bytes instead of translating {@code body}, so nothing the
     *     canonical form cannot hold (thinking blocks and their signatures) is lost; {@code null}
     *     otherwise
     * @param contentType the media type of {@code body}: JSON, except for the answers of endpoints
     *     passed through as they came (a transcription as text, speech as audio)
     */
    record Unary(
            int status, Buffer body, Usage usage, @Nullable Buffer passthrough, String contentType) implements Reply {

        public static final String JSON = "application/json";

        /** A JSON answer with no client-dialect form beside it. */
        public Unary(int status, Buffer body, Usage usage) {
            this(status, body, usage, null, JSON);
        }

        /** A JSON answer. */
        public Unary(int status, Buffer body, Usage usage, @Nullable Buffer passthrough) {
            this(status, body, usage, passthrough, JSON);
        }
    }

    /** An answer whose OpenAI chat-completion chunks arrive over time. */
    record Streaming(ChunkStream stream) implements Reply {}
}
