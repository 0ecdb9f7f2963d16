package dev.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.usage.TokenCounter;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * Turns a Gemini {@code BatchEmbedContentsResponse} ({@code embeddings: [{values: [...]}]}, "in the
 * same order as provided in the batch request") into OpenAI's embeddings list. With
 * {@code encoding_format: base64} each vector is sent as base64 of little-endian float32 values,
 * which is what OpenAI's SDKs decode.
 *
 * <p>Gemini reports no token usage for embeddings, so the usage is estimated with
 * {@link TokenCounter} over the input texts and marked as estimated.
 *
 * <p>Pure and stateless.
 */
final class GeminiToOpenAiEmbeddings {

    private GeminiToOpenAiEmbeddings() {}

    /** @throws GatewayError (502) when the body is not a BatchEmbedContentsResponse for these inputs */
    static Reply.Unary translate(String provider, String model, CanonicalRequest request, Buffer body) {
        JsonNode json = Json.tryParse(body)
                .orElseThrow(() -> UpstreamFailures.badResponse(provider, "a response that is not valid JSON"));
        JsonNode embeddings = json.path("embeddings");
        List<String> inputs = OpenAiToGeminiEmbeddings.inputs(request.body());
        if (!embeddings.isArray()) {
            throw UpstreamFailures.badResponse(provider, "JSON that is not a Gemini batchEmbedContents response");
        }
        if (embeddings.size() != inputs.size()) {
            throw UpstreamFailures.badResponse(
                    provider, embeddings.size() + " embeddings for " + inputs.size() + " inputs");
        }
        boolean base64 = "base64".equals(request.body().path("encoding_format").asText("float"));
        ObjectNode list = Json.object();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (int i = 0; i < embeddings.size(); i++) {
            JsonNode values = embeddings.get(i).path("values");
            if (!values.isArray() || !allNumbers(values)) {
                throw UpstreamFailures.badResponse(provider, "an embedding without numeric values");
            }
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (base64) {
                item.put("embedding", base64(values));
            } else {
                item.set("embedding", values.deepCopy());
            }
        }
        list.put("model", model);
        long tokens = 0;
        for (String text : inputs) {
            tokens += TokenCounter.count(model, text);
        }
        ObjectNode usage = list.putObject("usage");
        usage.put("prompt_tokens", tokens);
        usage.put("total_tokens", tokens);
        return new Reply.Unary(200, Json.encode(list), new Usage(tokens, 0, 0, 0, true));
    }

    private static boolean allNumbers(JsonNode values) {
        for (JsonNode value : values) {
            if (!value.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private static String base64(JsonNode values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode value : values) {
            bytes.putFloat(value.floatValue());
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
