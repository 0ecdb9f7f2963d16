package dev.gatehouse.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.util.Optional;

/**
 * The one Jackson mapper for wire JSON, and conversions between trees and Vert.x buffers.
 *
 * <p>Two ways to parse, chosen by who wrote the bytes. Bytes from outside (a client's body, a
 * provider's answer, tool-call arguments) go through {@link #tryParse}, and the caller turns an
 * empty result into the error its side of the exchange owes (a 400, a 502, a fallback message).
 * Bytes the gateway wrote itself (a stored reply, a database column, a translated body) go through
 * {@link #parse}, where malformed JSON is a bug and throws. Empty input parses to a
 * {@link com.fasterxml.jackson.databind.node.MissingNode}, as Jackson does, not to an error.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /**
     * Parses JSON the gateway wrote itself.
     *
     * @throws MalformedJsonException when it is not valid JSON
     */
    public static JsonNode parse(Buffer buffer) {
        try {
            return MAPPER.readTree(buffer.getBytes());
        } catch (IOException e) {
            throw new MalformedJsonException(e);
        }
    }

    /**
     * Parses JSON the gateway wrote itself.
     *
     * @throws MalformedJsonException when it is not valid JSON
     */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(e);
        }
    }

    /** Parses JSON from outside the gateway; empty when it is not valid JSON. */
    public static Optional<JsonNode> tryParse(Buffer buffer) {
        try {
            ByteBuf bytes = ((BufferInternal) buffer).unwrap();
            if (bytes.hasArray()) {
                // Read in place: getBytes() would copy the whole body first.
                return Optional.of(MAPPER.readTree(
                        bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes()));
            }
            return Optional.of(MAPPER.readTree(buffer.getBytes()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Parses JSON from outside the gateway; empty when it is not valid JSON. */
    public static Optional<JsonNode> tryParse(String text) {
        try {
            return Optional.of(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** A streaming parser over the buffer's bytes, read in place when they are on the heap. */
    public static JsonParser parser(Buffer buffer) throws IOException {
        ByteBuf bytes = ((BufferInternal) buffer).unwrap();
        if (bytes.hasArray()) {
            return MAPPER.createParser(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
        }
        return MAPPER.createParser(buffer.getBytes());
    }

    public static Buffer encode(JsonNode node) {
        try {
            return Buffer.buffer(MAPPER.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
