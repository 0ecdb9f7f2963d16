package dev.gatehouse.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic's Message Batches API (docs.anthropic.com/en/api/creating-message-batches):
 * {@code POST /v1/messages/batches} with {@code requests: [{custom_id, params}]} (params in the
 * Messages format), {@code GET /v1/messages/batches/{id}} until {@code processing_status} is
 * {@code ended}, then the JSONL at {@code results_url}: one {@code {custom_id, result}} per request,
 * {@code result.type} succeeded (with {@code message}), errored (with {@code error}), canceled or expired.
 */
final class AnthropicBatchApi implements ProviderBatchApi {

    private static final String PATH = "/v1/messages/batches";

    /** Anthropic's error types and the status a single call answers them with (docs.anthropic.com/en/api/errors). */
    private static final Map<String, Integer> ERROR_STATUS = Map.of(
            "invalid_request_error", 400,
            "authentication_error", 401,
            "permission_error", 403,
            "not_found_error", 404,
            "request_too_large", 413,
            "rate_limit_error", 429,
            "api_error", 500,
            "overloaded_error", 529);

    private final ProviderHttp http;

    AnthropicBatchApi(ProviderHttp http) {
        this.http = http;
    }

    @Override
    public Future<String> submit(ProviderCall to, List<Request> requests) {
        ObjectNode create = Json.object();
        ArrayNode list = create.putArray("requests");
        for (Request r : requests) {
            ObjectNode params = (ObjectNode) Json.parse(r.body());
            // A batch request is never streamed; params carry no stream flag at all.
            params.remove("stream");
            list.addObject().put("custom_id", r.customId()).set("params", params);
        }
        return http.call(
                        HttpMethod.POST,
                        to.baseUrl() + PATH,
                        to.with("content-type", "application/json"),
                        Json.encode(create))
                .compose(a -> ProviderHttp.expectOk(a, to.provider(), "the message batch creation"))
                .map(created -> Json.parse(created.body()).path("id").asText());
    }

    @Override
    public Future<@Nullable Map<String, Outcome>> poll(ProviderCall to, String batchId) {
        return http.call(HttpMethod.GET, to.baseUrl() + PATH + "/" + batchId, to.headers(), Buffer.buffer())
                .compose(a -> ProviderHttp.expectOk(a, to.provider(), "a look at message batch " + batchId))
                .compose(a -> {
                    JsonNode batch = Json.parse(a.body());
                    String resultsUrl = batch.path("results_url").asText(null);
                    if (!"ended".equals(batch.path("processing_status").asText()) || resultsUrl == null) {
                        return Future.<@Nullable Map<String, Outcome>>succeededFuture(null);
                    }
                    return http.call(HttpMethod.GET, resultsUrl, to.headers(), Buffer.buffer())
                            .compose(r -> ProviderHttp.expectOk(r, to.provider(), "the results of " + batchId))
                            .map(r -> outcomes(r.body()));
                });
    }

    private static Map<String, Outcome> outcomes(Buffer jsonl) {
        Map<String, Outcome> out = new HashMap<>();
        for (String text : jsonl.toString().split("\n")) {
            if (!text.isBlank()) {
                JsonNode line = Json.parse(text);
                out.put(line.path("custom_id").asText(), outcome(line.path("result")));
            }
        }
        return out;
    }

    private static Outcome outcome(JsonNode result) {
        return switch (result.path("type").asText()) {
            case "succeeded" -> new Answered(200, Json.encode(result.path("message")));
            case "expired" -> new Unrun("batch_expired");
            case "canceled" -> new Unrun("batch_cancelled");
            default -> {
                // errored: an ErrorResponse {type: error, error: {type, message}}, as a single call's body.
                JsonNode error = result.path("error");
                JsonNode inner = error.has("error") ? error.path("error") : error;
                ObjectNode body = Json.object().put("type", "error");
                body.set("error", inner);
                yield new Answered(ERROR_STATUS.getOrDefault(inner.path("type").asText(), 500), Json.encode(body));
            }
        };
    }

    @Override
    public Future<Void> cancel(ProviderCall to, String batchId) {
        return http.call(
                        HttpMethod.POST, to.baseUrl() + PATH + "/" + batchId + "/cancel", to.headers(), Buffer.buffer())
                .compose(a -> ProviderHttp.expectOk(a, to.provider(), "the cancellation of " + batchId))
                .mapEmpty();
    }
}
