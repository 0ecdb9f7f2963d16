package dev.gatehouse.provider.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one Jackson mapper of the mock package, and its conversions to and from Vert.x buffers. Thread-safe. */
final class MockJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MockJson() {}

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** Parses a request body; a body that is not JSON becomes a 400 like OpenAI's. */
    static JsonNode parse(Buffer body) {
        try {
            JsonNode node = MAPPER.readTree(body.getBytes());
            if (node == null || node.isMissingNode()) {
                throw MockRejection.invalidJson();
            }
            return node;
        } catch (IOException e) {
            throw MockRejection.invalidJson();
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            // A tree built from JsonNodes always serializes; this would be a Jackson bug.
            throw new UncheckedIOException(e);
        }
    }

    static String string(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Buffer buffer(JsonNode node) {
        return Buffer.buffer(bytes(node));
    }
}
