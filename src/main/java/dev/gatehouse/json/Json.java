package dev.gatehouse.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** The one Jackson mapper for wire JSON, and conversions between trees and Vert.x buffers. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** Parses a buffer into a tree; {@code null} when it is not valid JSON. */
    public static JsonNode parse(Buffer buffer) {
        try {
            return MAPPER.readTree(buffer.getBytes());
        } catch (IOException e) {
            return null;
        }
    }

    /** Parses a string into a tree; {@code null} when it is not valid JSON. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
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
