package dev.gatehouse.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.routing.Route;
import io.vertx.core.buffer.Buffer;

/**
 * Builds the body of {@code POST /v2/embed} from an OpenAI embeddings request (v2 Embed reference,
 * docs.cohere.com/reference/embed): {@code {"model", "texts", "input_type", "embedding_types":
 * ["float"], "output_dimension"}}. Pure; never mutates the canonical request.
 */
final class OpenAiToCohereEmbed {

    /**
     * Cohere's v3 and later embedding models require an {@code input_type} ("Required for embedding
     * models v3 and higher"), which OpenAI's API has no field for. An embeddings endpoint mostly
     * indexes documents, so {@code search_document} is the default; a client that embeds queries
     * can send Cohere's {@code input_type} as an extra body field.
     */
    static final String DEFAULT_INPUT_TYPE = "search_document";

    private OpenAiToCohereEmbed() {}

    static Buffer of(CanonicalRequest request, Route route) {
        ObjectNode in = request.body();
        ObjectNode out = Json.object();
        out.put("model", route.upstreamModel());
        out.set("texts", texts(in.get("input")));
        out.put(
                "input_type",
                in.path("input_type").isTextual() ? in.get("input_type").asText() : DEFAULT_INPUT_TYPE);
        // embedding_types is required in v2 ("v2: embedding_types is a required field for Embed",
        // "Migrating From API v1 to API v2"). Floats are always asked for: OpenAI's base64 format is
        // the same float32 values, encoded by the gateway (CohereEmbedToOpenAi).
        out.putArray("embedding_types").add("float");
        if (in.path("dimensions").isIntegralNumber()) {
            // "output_dimension ... only available for embed-v4 and newer models. Possible values
            // are 256, 512, 1024, and 1536"; Cohere's 400 explains any other value.
            out.put("output_dimension", in.get("dimensions").asInt());
        }
        return Json.encode(out);
    }

    /** Cohere embeds text only; OpenAI's pre-tokenized inputs (token ids) mean nothing to it. */
    private static ArrayNode texts(JsonNode input) {
        ArrayNode texts = Json.MAPPER.createArrayNode();
        if (input.isTextual()) {
            return texts.add(input.asText());
        }
        for (JsonNode item : input) {
            if (!item.isTextual()) {
                throw GatewayError.invalid(
                        "Cohere embeds text only; token arrays cannot be sent to a Cohere model.", "input");
            }
            texts.add(item.asText());
        }
        return texts;
    }
}
