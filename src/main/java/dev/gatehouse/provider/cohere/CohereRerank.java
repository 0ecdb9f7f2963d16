package dev.gatehouse.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.RerankRequestValidator;
import dev.gatehouse.config.BilledUnits;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.routing.Route;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/**
 * The gateway's rerank shape to Cohere's {@code POST /v2/rerank} and back. The gateway's shape is
 * Cohere's v2 with two liberties its clients take from Jina and v1: documents may be
 * {@code {"text": ...}} objects (v2 takes strings only, so they are flattened) and
 * {@code return_documents} (v2 dropped it, so the gateway adds each result's {@code document} from
 * the request itself). Billed per search unit ({@code meta.billed_units.search_units}). Pure.
 */
final class CohereRerank {

    private CohereRerank() {}

    static Buffer request(CanonicalRequest request, Route route) {
        ObjectNode body = request.body().deepCopy();
        body.put("model", route.upstreamModel());
        body.remove("return_documents");
        ArrayNode documents = body.putArray("documents");
        for (JsonNode document : request.body().path("documents")) {
            documents.add(Objects.requireNonNull(
                    RerankRequestValidator.documentText(document), "the validator checked every document"));
        }
        return Json.encode(body);
    }

    static Reply.Unary response(CanonicalRequest request, Route route, Buffer body) {
        JsonNode json = Json.tryParse(body)
                .orElseThrow(() ->
                        UpstreamFailures.badResponse(route.provider().name(), "a response that is not valid JSON"));
        if (!json.isObject() || !json.path("results").isArray()) {
            throw UpstreamFailures.badResponse(route.provider().name(), "JSON that is not a Cohere rerank response");
        }
        double searchUnits =
                json.path("meta").path("billed_units").path("search_units").asDouble(0);
        Usage usage = Usage.NONE.withUnits(BilledUnits.searchUnits(searchUnits), false);
        if (!request.body().path("return_documents").asBoolean(false)) {
            return new Reply.Unary(200, body, usage);
        }
        ObjectNode out = ((ObjectNode) json).deepCopy();
        JsonNode documents = request.body().path("documents");
        for (JsonNode result : out.path("results")) {
            JsonNode document = documents.path(result.path("index").asInt(-1));
            if (result instanceof ObjectNode r && !document.isMissingNode() && !r.has("document")) {
                String text = RerankRequestValidator.documentText(document);
                r.putObject("document").put("text", text);
            }
        }
        return new Reply.Unary(200, Json.encode(out), usage);
    }
}
