package dev.gatehouse.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's Batch API (platform.openai.com/docs/api-reference/batch): the requests go up as a JSONL
 * file ({@code POST /files}, purpose {@code batch}), then {@code POST /batches} with a 24 h window;
 * {@code GET /batches/{id}} until a final status; the output and error files
 * ({@code GET /files/{id}/content}) hold one {@code {custom_id, response: {status_code, body}, error}}
 * per request.
 */
final class OpenAiBatchApi implements ProviderBatchApi {

    static final String ENDPOINT = "/v1/chat/completions";
    /** The statuses after which OpenAI changes nothing more. */
    private static final Set<String> FINAL = Set.of("completed", "failed", "expired", "cancelled");

    private final ProviderHttp http;

    OpenAiBatchApi(ProviderHttp http) {
        this.http = http;
    }

    @Override
    public Future<String> submit(ProviderCall to, List<Request> requests) {
        Buffer jsonl = Buffer.buffer();
        for (Request r : requests) {
            ObjectNode line = Json.object()
                    .put("custom_id", r.customId())
                    .put("method", "POST")
                    .put("url", ENDPOINT);
            line.set("body", Json.parse(r.body()));
            jsonl.appendBuffer(Json.encode(line)).appendString("\n");
        }
        String boundary = "gatehouse-" + BatchService.newId("");
        Buffer form = Buffer.buffer()
                .appendString("--" + boundary + "\r\n")
                .appendString("Content-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n")
                .appendString("--" + boundary + "\r\n")
                .appendString("Content-Disposition: form-data; name=\"file\"; filename=\"gatehouse-batch.jsonl\"\r\n")
                .appendString("Content-Type: application/jsonl\r\n\r\n")
                .appendBuffer(jsonl)
                .appendString("\r\n--" + boundary + "--\r\n");
        return http.call(
                        HttpMethod.POST,
                        to.baseUrl() + "/files",
                        to.with("content-type", "multipart/form-data; boundary=" + boundary),
                        form)
                .compose(a -> ProviderHttp.expectOk(a, to.provider(), "the batch file upload"))
                .compose(uploaded -> {
                    ObjectNode create = Json.object()
                            .put(
                                    "input_file_id",
                                    Json.parse(uploaded.body()).path("id").asText())
                            .put("endpoint", ENDPOINT)
                            .put("completion_window", "24h");
                    return http.call(
                            HttpMethod.POST,
                            to.baseUrl() + "/batches",
                            to.with("content-type", "application/json"),
                            Json.encode(create));
                })
                .compose(a -> ProviderHttp.expectOk(a, to.provider(), "the batch creation"))
                .map(created -> Json.parse(created.body()).path("id").asText());
    }

    @Override
    public Future<@Nullable Map<String, Outcome>> poll(ProviderCall to, String batchId) {
        return http.call(HttpMethod.GET, to.baseUrl() + "/batches/" + batchId, to.headers(), Buffer.buffer())
                .compose(a -> ProviderHttp.expectOk(a, to.provider(), "a look at batch " + batchId))
                .compose(a -> {
                    JsonNode batch = Json.parse(a.body());
                    String status = batch.path("status").asText();
                    if (!FINAL.contains(status)) {
                        return Future.<@Nullable Map<String, Outcome>>succeededFuture(null);
                    }
                    Map<String, Outcome> outcomes = new HashMap<>();
                    return read(to, batch.path("output_file_id").asText(null), outcomes)
                            .compose(v -> read(to, batch.path("error_file_id").asText(null), outcomes))
                            .map(v -> unrun(status, batch, outcomes));
                });
    }

    /** Requests the files do not mention never ran: the batch expired, was cancelled, or failed validation. */
    private static Map<String, Outcome> unrun(String status, JsonNode batch, Map<String, Outcome> outcomes) {
        if (status.equals("failed")) {
            ObjectNode error = Json.object();
            error.putObject("error")
                    .put("message", "The provider refused the batch: " + batch.path("errors"))
                    .put("type", "invalid_request_error");
            outcomes.put("*", new Answered(400, Json.encode(error)));
        } else if (!status.equals("completed")) {
            outcomes.put("*", new Unrun(status.equals("expired") ? "batch_expired" : "batch_cancelled"));
        }
        return outcomes;
    }

    private Future<Void> read(ProviderCall to, @Nullable String fileId, Map<String, Outcome> into) {
        if (fileId == null || fileId.isEmpty()) {
            return Future.succeededFuture();
        }
        return http.call(HttpMethod.GET, to.baseUrl() + "/files/" + fileId + "/content", to.headers(), Buffer.buffer())
                .compose(a -> ProviderHttp.expectOk(a, to.provider(), "the download of file " + fileId))
                .map(a -> {
                    for (String text : a.body().toString().split("\n")) {
                        if (!text.isBlank()) {
                            JsonNode line = Json.parse(text);
                            into.put(line.path("custom_id").asText(), outcome(line));
                        }
                    }
                    return null;
                });
    }

    private static Outcome outcome(JsonNode line) {
        JsonNode response = line.path("response");
        if (response.isObject()) {
            return new Answered(response.path("status_code").asInt(500), Json.encode(response.path("body")));
        }
        String code = line.path("error").path("code").asText("");
        if (code.equals("batch_expired") || code.equals("batch_cancelled")) {
            return new Unrun(code);
        }
        ObjectNode error = Json.object();
        error.putObject("error")
                .put("message", line.path("error").path("message").asText("The provider did not run this request."))
                .put("type", "server_error")
                .put("code", code.isEmpty() ? null : code);
        return new Answered(500, Json.encode(error));
    }

    @Override
    public Future<Void> cancel(ProviderCall to, String batchId) {
        return http.call(
                        HttpMethod.POST,
                        to.baseUrl() + "/batches/" + batchId + "/cancel",
                        to.with("content-type", "application/json"),
                        Buffer.buffer("{}"))
                .compose(a -> ProviderHttp.expectOk(a, to.provider(), "the cancellation of batch " + batchId))
                .mapEmpty();
    }
}
