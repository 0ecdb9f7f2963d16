package dev.gatehouse.stream;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Turns the bytes of a {@code text/event-stream} body into {@link SseEvent}s, following the WHATWG
 * HTML standard's event-stream interpretation: lines end with CRLF, LF or CR; a blank line
 * dispatches the event; lines starting with a colon are comments; one space after the colon is
 * dropped; {@code id} and {@code retry} are read past because no upstream of ours uses them.
 *
 * <p>Written by hand because none of our libraries ship a push-style SSE parser for Vert.x buffers;
 * it is small and the standard pins its behaviour. Bytes are kept until a whole line has arrived,
 * so a UTF-8 character split across network reads decodes correctly. Not thread-safe: one decoder
 * per stream.
 */
public final class SseDecoder {

    private final Consumer<SseEvent> sink;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastWasCr;
    private @Nullable String eventType;
    private @Nullable StringBuilder data;

    public SseDecoder(Consumer<SseEvent> sink) {
        this.sink = sink;
    }

    public void feed(Buffer buffer) {
        int length = buffer.length();
        for (int i = 0; i < length; i++) {
            byte b = buffer.getByte(i);
            if (b == '\n') {
                if (lastWasCr) {
                    lastWasCr = false;
                    continue;
                }
                endLine();
            } else if (b == '\r') {
                lastWasCr = true;
                endLine();
            } else {
                lastWasCr = false;
                append(b);
            }
        }
    }

    /** True when bytes of an unfinished line or event are held (the stream was cut mid-event). */
    public boolean hasPartialEvent() {
        return lineLength > 0 || data != null;
    }

    private void append(byte b) {
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
    }

    private void endLine() {
        if (lineLength == 0) {
            dispatch();
            return;
        }
        int colon = indexOfColon();
        if (colon == 0) {
            lineLength = 0;
            return;
        }
        String field;
        String value;
        if (colon < 0) {
            field = new String(line, 0, lineLength, StandardCharsets.UTF_8);
            value = "";
        } else {
            field = new String(line, 0, colon, StandardCharsets.UTF_8);
            int valueStart = colon + 1;
            if (valueStart < lineLength && line[valueStart] == ' ') {
                valueStart++;
            }
            value = new String(line, valueStart, lineLength - valueStart, StandardCharsets.UTF_8);
        }
        lineLength = 0;
        if (field.equals("data")) {
            if (data == null) {
                data = new StringBuilder(value.length());
            } else {
                data.append('\n');
            }
            data.append(value);
        } else if (field.equals("event")) {
            eventType = value;
        }
    }

    private int indexOfColon() {
        for (int i = 0; i < lineLength; i++) {
            if (line[i] == ':') {
                return i;
            }
        }
        return -1;
    }

    private void dispatch() {
        if (data == null) {
            eventType = null;
            return;
        }
        SseEvent event = new SseEvent(eventType, data.toString());
        eventType = null;
        data = null;
        sink.accept(event);
    }
}
