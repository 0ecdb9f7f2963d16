package dev.gatehouse.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.stream.SseDecoder;
import dev.gatehouse.stream.SseEvent;
import dev.gatehouse.stream.StreamChunk;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The common part of stream translators whose provider sends Server-Sent Events carrying JSON
 * objects (OpenAI, Anthropic, Gemini, Cohere): decoding the bytes into events, parsing each event's
 * data, refusing data that is not a JSON object, and raising the first failure out of
 * {@link #onBytes}. Subclasses handle one parsed event at a time. One instance per stream; not
 * thread-safe; runs on the event loop.
 */
public abstract class SseJsonTranslator implements StreamTranslator {

    protected final String provider;
    private final SseDecoder decoder = new SseDecoder(this::dispatch);
    private @Nullable Consumer<StreamChunk> out;
    private @Nullable GatewayError failure;

    protected SseJsonTranslator(String provider) {
        this.provider = provider;
    }

    @Override
    public final void onBytes(Buffer bytes, Consumer<StreamChunk> out) {
        this.out = out;
        decoder.feed(bytes);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public final void onEnd(Consumer<StreamChunk> out) {
        this.out = out;
        if (failure != null) {
            throw failure;
        }
        onStreamEnd();
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The provider closed the body: emit what only the end can tell, or throw (or {@link #fail})
     * when the stream ended before it was complete.
     */
    protected abstract void onStreamEnd();

    private void dispatch(SseEvent event) {
        if (failure != null || onRawEvent(event)) {
            return;
        }
        if (!(Json.tryParse(event.data()).orElse(null) instanceof ObjectNode json)) {
            fail(UpstreamFailures.badResponse(provider, "a stream event that is not valid JSON"));
            return;
        }
        onJson(event, json);
    }

    /**
     * Sees each event before its data is parsed. Returns true when it handled the event (a
     * non-JSON end marker such as OpenAI's {@code [DONE]}, or an event after the stream's end).
     */
    protected boolean onRawEvent(SseEvent event) {
        return false;
    }

    /** Handles one event whose data is a JSON object. */
    protected abstract void onJson(SseEvent event, ObjectNode json);

    /** Passes a canonical chunk on to the client side. */
    protected final void emit(StreamChunk chunk) {
        Objects.requireNonNull(out, "onBytes and onEnd set the consumer before any event is handled")
                .accept(chunk);
    }

    /** Ends the stream with an error; later events are ignored and {@link #onBytes} throws it. */
    protected final void fail(GatewayError error) {
        if (failure == null) {
            failure = error;
        }
    }

    protected final boolean failed() {
        return failure != null;
    }
}
