package dev.gatehouse.provider;

import dev.gatehouse.json.Json;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Reads a binary answer (the audio of {@code /v1/audio/speech}) as it arrives: each piece becomes a
 * chunk that carries the bytes as they came ({@link StreamChunk#passthrough}) and no canonical
 * content, so the answer goes to the client as it is produced while the stages still see a stream
 * with back-pressure, timeouts and a usage. One per response; event loop only.
 */
public final class MediaBytesTranslator implements StreamTranslator {

    private final Usage usage;

    /** @param usage what the answer is billed for, known from the request (speech: its characters) */
    public MediaBytesTranslator(Usage usage) {
        this.usage = usage;
    }

    @Override
    public void onBytes(Buffer bytes, Consumer<StreamChunk> out) {
        if (bytes.length() > 0) {
            out.accept(new StreamChunk(Json.object(), null, false, bytes.copy()));
        }
    }

    @Override
    public void onEnd(Consumer<StreamChunk> out) {}

    @Override
    public Usage reportedUsage() {
        return usage;
    }
}
