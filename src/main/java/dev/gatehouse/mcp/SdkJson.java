package dev.gatehouse.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.util.Map;

/**
 * The JSON mapper the MCP SDK's clients use, and the conversions between the SDK's schema types and
 * the Jackson trees the {@code /mcp} endpoint reads and writes. The SDK's types are serialized by
 * the SDK's own mapper, so their field names follow its schema.
 */
final class SdkJson {

    static final JacksonMcpJsonMapper MAPPER = new JacksonMcpJsonMapper(new ObjectMapper());

    private SdkJson() {}

    static McpJsonMapper mapper() {
        return MAPPER;
    }

    /** An SDK schema object as a JSON tree. */
    static JsonNode tree(Object value) {
        return MAPPER.getObjectMapper().valueToTree(value);
    }

    /** A JSON object's fields as the SDK's argument map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(JsonNode object) {
        return MAPPER.getObjectMapper().convertValue(object, Map.class);
    }
}
