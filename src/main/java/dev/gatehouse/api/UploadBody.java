package dev.gatehouse.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A multipart upload on its way through the gateway: the bytes read from the client until its
 * {@code model} field was known ({@code head}), and the client's request, paused, for the rest. The
 * rest is piped to the provider as it arrives, so the gateway never holds the whole file; hence it
 * can be sent once only, and an upload is never retried or sent to a fallback. Event-loop confined.
 *
 * @param fields the text fields read before the model was known ({@code model} among them)
 */
public final class UploadBody {

    /** The bytes to send upstream: {@code head}, then {@code rest} when the client had more to send. */
    public record Outgoing(Buffer head, @Nullable ReadStream<Buffer> rest, long length, String contentType) {}

    private final ObjectNode fields;
    private final Buffer head;
    private final int modelStart;
    private final int modelEnd;
    private final @Nullable ReadStream<Buffer> rest;
    private final long length;
    private final String contentType;
    private boolean sent;

    /**
     * @param modelStart where the model field's value starts in {@code head}
     * @param modelEnd where it ends
     * @param rest the client's request, paused after {@code head}; {@code null} when {@code head} is all of it
     * @param length the whole body's length ({@code content-length}), or -1 when unknown
     */
    public UploadBody(
            ObjectNode fields,
            Buffer head,
            int modelStart,
            int modelEnd,
            @Nullable ReadStream<Buffer> rest,
            long length,
            String contentType) {
        this.fields = fields;
        this.head = head;
        this.modelStart = modelStart;
        this.modelEnd = modelEnd;
        this.rest = rest;
        this.length = length;
        this.contentType = contentType;
    }

    public ObjectNode fields() {
        return fields;
    }

    /** The whole body's length in bytes, or -1 when the client sent it chunked. */
    public long length() {
        return length;
    }

    /**
     * The body to send with {@code model} in place of the client's model name. Callable once: the
     * rest of the body can be read only once.
     *
     * @throws GatewayError when the body was already sent (a retry or fallback of an upload)
     */
    public Outgoing take(String model) {
        if (sent) {
            throw GatewayError.of(
                    ErrorKind.INVALID_REQUEST,
                    "An uploaded file is streamed to the provider once and cannot be sent again.",
                    "file",
                    "upload_not_replayable");
        }
        sent = true;
        byte[] name = model.getBytes(StandardCharsets.UTF_8);
        Buffer out = Buffer.buffer(head.length() + name.length)
                .appendBuffer(head, 0, modelStart)
                .appendBytes(name)
                .appendBuffer(head, modelEnd, head.length() - modelEnd);
        long delta = name.length - (modelEnd - modelStart);
        return new Outgoing(out, rest, length < 0 ? -1 : length + delta, contentType);
    }
}
