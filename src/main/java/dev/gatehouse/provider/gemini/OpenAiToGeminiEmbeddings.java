package dev.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a Gemini {@code BatchEmbedContentsRequest} from an OpenAI embeddings request: one
 * {@code EmbedContentRequest} per input string, each naming the same model (the batch's model and
 * each request's "must match", generative_service.proto), with {@code dimensions} as
 * {@code outputDimensionality}. Gemini embeds text only, so OpenAI's token-array inputs are refused.
 * Gemini takes at most 100 requests per batch ("BatchEmbedContentsRequest.requests: at most 100
 * requests can be in one batch", a 400 reported in langchain-ai/langchainjs#4491); that limit is
 * observed rather than documented, so larger inputs are sent as they are and Gemini's 400 reaches
 * the client instead of a guess of the gateway's.
 *
 * <p>Pure and stateless.
 */
final class OpenAiToGeminiEmbeddings {

    private OpenAiToGeminiEmbeddings() {}

    /** @param modelResource the model as Gemini names it, e.g. {@code models/gemini-embedding-001} */
    static ObjectNode of(CanonicalRequest request, String modelResource) {
        JsonNode dimensions = request.body().get("dimensions");
        ObjectNode body = Json.object();
        ArrayNode requests = body.putArray("requests");
        for (String text : inputs(request.body())) {
            ObjectNode one = requests.addObject();
            one.put("model", modelResource);
            one.putObject("content").putArray("parts").addObject().put("text", text);
            if (dimensions != null && dimensions.isIntegralNumber()) {
                one.put("outputDimensionality", dimensions.asInt());
            }
        }
        return body;
    }

    /** The request's input strings in order; the validator has already checked their shape. */
    static List<String> inputs(JsonNode body) {
        JsonNode input = body.path("input");
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            texts.add(input.asText());
            return texts;
        }
        for (JsonNode item : input) {
            if (!item.isTextual()) {
                throw GatewayError.invalid("Gemini embeds text only; send strings instead of token arrays.", "input");
            }
            texts.add(item.asText());
        }
        return texts;
    }
}
