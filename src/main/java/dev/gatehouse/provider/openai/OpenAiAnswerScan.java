package dev.gatehouse.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.gatehouse.json.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads an OpenAI answer the gateway passes on as it came, for the two things it needs from it:
 * that it is a JSON object with its list ({@code choices}, {@code data}), and its {@code usage}.
 * One pass of Jackson's streaming parser over the bytes, every value checked but only {@code usage}
 * built into a tree: building the whole answer as a tree to read one field was ~6% of a governed
 * request's event-loop time (issue #20). Duplicate names resolve as in a tree: the last one wins.
 */
final class OpenAiAnswerScan {

    /** What the scan found; {@code usage} is null when the answer has none, a NullNode when it says null. */
    record Found(
            boolean isObject, boolean listIsArray, @Nullable JsonNode usage) {
        boolean hasShape() {
            return isObject && listIsArray;
        }
    }

    private OpenAiAnswerScan() {}

    /**
     * Scans {@code body} for {@code listField} and {@code usage}.
     *
     * @throws IOException when it is not valid JSON (what follows the top-level value is not read, as
     *     when it is parsed into a tree)
     */
    static Found scan(Buffer body, String listField) throws IOException {
        try (JsonParser parser = Json.parser(body)) {
            JsonToken root = parser.nextToken();
            if (root != JsonToken.START_OBJECT) {
                if (root != null) {
                    parser.skipChildren();
                }
                return new Found(false, false, null);
            }
            boolean listIsArray = false;
            JsonNode usage = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(listField)) {
                    listIsArray = value == JsonToken.START_ARRAY;
                    parser.skipChildren();
                } else if (name.equals("usage")) {
                    usage = value == JsonToken.VALUE_NULL ? NullNode.getInstance() : parser.readValueAsTree();
                } else {
                    parser.skipChildren();
                }
            }
            return new Found(true, listIsArray, usage);
        }
    }
}
