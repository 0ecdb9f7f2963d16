package dev.gatehouse.guardrail.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Map;

/** POSTs a JSON body and reads a JSON answer; a non-2xx status or a body that is not JSON fails. */
final class JsonPost {

    private JsonPost() {}

    static Future<JsonNode> send(
            HttpClient client, String url, Map<String, String> headers, ObjectNode body, Duration timeout) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setIdleTimeout(Math.max(1, timeout.toMillis()))
                .setConnectTimeout(Math.max(1, timeout.toMillis()))
                .putHeader("content-type", "application/json")
                .putHeader("accept", "application/json");
        headers.forEach(options::putHeader);
        return client.request(options)
                .compose(request -> request.send(Json.encode(body)))
                .compose(response -> response.body().compose(bytes -> read(response, bytes)));
    }

    private static Future<JsonNode> read(HttpClientResponse response, Buffer bytes) {
        if (response.statusCode() / 100 != 2) {
            return Future.failedFuture("answered " + response.statusCode());
        }
        return Json.tryParse(bytes)
                .map(Future::succeededFuture)
                .orElseGet(() -> Future.failedFuture("answered with a body that is not JSON"));
    }
}
