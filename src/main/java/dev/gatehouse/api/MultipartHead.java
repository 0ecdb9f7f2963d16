package dev.gatehouse.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads the start of a {@code multipart/form-data} body (RFC 7578) as it arrives, until its
 * {@code model} field is known, so the upload can be routed before the rest of it is read. A file
 * part before the model (the official openai-java SDK sends {@code file} first) is held until the
 * model comes, up to {@code limit} bytes; past that the client gets a 400 asking for the model
 * first (curl {@code -F} order, Python's SDK and most form encoders send text fields first), so a
 * large file is never held whole. Event-loop confined; one per request.
 */
public final class MultipartHead {

    private enum State {
        PREAMBLE,
        HEADERS,
        VALUE,
        FOUND,
        ENDED
    }

    private final byte[] boundary;
    private final byte[] delimiter;
    private final long limit;
    private final ObjectNode fields = JsonNodeFactory.instance.objectNode();
    private final Buffer head = Buffer.buffer();
    private State state = State.PREAMBLE;
    private int pos;
    private int valueStart;
    private @Nullable String partName;
    private boolean partIsFile;
    private int modelStart = -1;
    private int modelEnd = -1;

    /** @param limit how many bytes may be held before the model is known */
    public MultipartHead(String boundary, long limit) {
        this.boundary = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.limit = limit;
    }

    /** The boundary of a {@code multipart/form-data} content type, or {@code null} when it is not one. */
    public static @Nullable String boundaryOf(@Nullable String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length());
                if (b.length() > 1 && b.startsWith("\"") && b.endsWith("\"")) {
                    b = b.substring(1, b.length() - 1);
                }
                return b.isEmpty() || b.length() > 70 ? null : b;
            }
        }
        return null;
    }

    /**
     * Takes the next bytes of the body.
     *
     * @return true once the model is known (the bytes read so far are {@link #head})
     * @throws GatewayError (400) when the body is not well-formed multipart or the model comes too late
     */
    public boolean feed(Buffer chunk) {
        head.appendBuffer(chunk);
        advance();
        if (state != State.FOUND && head.length() > limit) {
            throw GatewayError.of(
                    ErrorKind.INVALID_REQUEST,
                    "The 'model' field must come before the file in the form once the upload is larger than " + limit
                            + " bytes, so the upload can be routed without holding the file.",
                    "model",
                    "model_after_file");
        }
        return state == State.FOUND;
    }

    /**
     * The body ended. Returns whether the model is known.
     *
     * @throws GatewayError (400) when no model field came
     */
    public boolean end() {
        if (state != State.FOUND) {
            throw GatewayError.of(
                    ErrorKind.INVALID_REQUEST,
                    "you must provide a model parameter",
                    "model",
                    "missing_required_parameter");
        }
        return true;
    }

    public Buffer head() {
        return head;
    }

    public ObjectNode fields() {
        return fields;
    }

    public int modelStart() {
        return modelStart;
    }

    public int modelEnd() {
        return modelEnd;
    }

    private void advance() {
        while (true) {
            switch (state) {
                case PREAMBLE -> {
                    int at = indexOf(boundary, pos);
                    if (at < 0 || at + boundary.length + 2 > head.length()) {
                        return;
                    }
                    int after = at + boundary.length;
                    if (head.getByte(after) == '-' && head.getByte(after + 1) == '-') {
                        state = State.ENDED;
                        return;
                    }
                    pos = skipLine(after);
                    state = State.HEADERS;
                }
                case HEADERS -> {
                    int end = indexOf(new byte[] {'\r', '\n', '\r', '\n'}, pos);
                    if (end < 0) {
                        return;
                    }
                    readPartHeaders(head.getString(pos, end, StandardCharsets.UTF_8.name()));
                    pos = end + 4;
                    valueStart = pos;
                    state = State.VALUE;
                }
                case VALUE -> {
                    int end = indexOf(delimiter, Math.max(valueStart, pos));
                    if (end < 0) {
                        pos = Math.max(valueStart, head.length() - delimiter.length);
                        return;
                    }
                    if (!partIsFile && partName != null) {
                        fields.put(partName, head.getString(valueStart, end, StandardCharsets.UTF_8.name()));
                        if (partName.equals("model")) {
                            modelStart = valueStart;
                            modelEnd = end;
                            state = State.FOUND;
                            return;
                        }
                    }
                    pos = end + 2;
                    state = State.PREAMBLE;
                }
                case FOUND, ENDED -> {
                    return;
                }
            }
        }
    }

    private void readPartHeaders(String headers) {
        partName = null;
        partIsFile = false;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
                continue;
            }
            for (String param : line.substring(colon + 1).split(";")) {
                String p = param.trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = p.substring(eq + 1).trim();
                if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (key.equals("name")) {
                    partName = value;
                } else if (key.equals("filename")) {
                    partIsFile = true;
                }
            }
        }
        if (partName == null) {
            throw GatewayError.invalid("A part of the multipart body has no Content-Disposition name.", null);
        }
    }

    /** The index after the line break that ends the boundary line (transport padding allowed). */
    private int skipLine(int from) {
        for (int i = from; i + 1 < head.length(); i++) {
            if (head.getByte(i) == '\r' && head.getByte(i + 1) == '\n') {
                return i + 2;
            }
        }
        return head.length();
    }

    private int indexOf(byte[] needle, int from) {
        int last = head.length() - needle.length;
        outer:
        for (int i = Math.max(0, from); i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (head.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
