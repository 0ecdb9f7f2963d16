package dev.gatehouse.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Translates a Cohere v2 embed response ({@code {"id", "embeddings": {"float": [[...]]}, "texts",
 * "meta": {"billed_units": {"input_tokens"}}, "response_type": "embeddings_by_type"}}, v2 Embed
 * reference) into OpenAI's {@code CreateEmbeddingResponse}. Pure and thread-safe.
 */
final class CohereEmbedToOpenAi {

    private CohereEmbedToOpenAi() {}

    /**
     * @param model the model name the answer reports: the one the provider was asked for
     * @param base64 whether the client asked for {@code encoding_format: base64}
     * @param inputs how many texts were sent, which is how many vectors must come back
     */
    static Reply.Unary of(String provider, String model, boolean base64, int inputs, Buffer body) {
        JsonNode json = Json.tryParse(body)
                .orElseThrow(() -> UpstreamFailures.badResponse(provider, "a response that is not valid JSON"));
        JsonNode vectors = json.path("embeddings").path("float");
        if (!json.isObject() || !vectors.isArray()) {
            throw UpstreamFailures.badResponse(
                    provider, "JSON that is not a Cohere v2 embed response with float embeddings");
        }
        if (vectors.size() != inputs) {
            throw UpstreamFailures.badResponse(provider, vectors.size() + " embeddings for " + inputs + " inputs");
        }
        ObjectNode response = Json.object();
        response.put("object", "list");
        ArrayNode data = response.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            JsonNode vector = vectors.get(i);
            if (!vector.isArray()) {
                throw UpstreamFailures.badResponse(provider, "an embedding that is not an array of numbers");
            }
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (base64) {
                item.put("embedding", base64(vector));
            } else {
                item.set("embedding", vector);
            }
        }
        response.put("model", model);
        // The embed response reports its tokens as billed units (meta.billed_units.input_tokens);
        // meta.tokens, when present, is the fallback.
        JsonNode meta = json.path("meta");
        long tokens = CohereUsage.count(
                meta.path("billed_units").has("input_tokens")
                        ? meta.path("billed_units").get("input_tokens")
                        : meta.path("tokens").get("input_tokens"));
        ObjectNode usage = response.putObject("usage");
        usage.put("prompt_tokens", tokens);
        usage.put("total_tokens", tokens);
        return new Reply.Unary(200, Json.encode(response), new Usage(tokens, 0, 0, 0, false));
    }

    /** OpenAI's base64 encoding: the vector's float32 values, little-endian, back to back. */
    static String base64(JsonNode vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode value : vector) {
            bytes.putFloat((float) value.asDouble());
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
