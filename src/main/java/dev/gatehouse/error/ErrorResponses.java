package dev.gatehouse.error;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Writes gateway errors in OpenAI's error shape: {@code {"error":{"message","type","param","code"}}}. */
public final class ErrorResponses {

    private ErrorResponses() {}

    public static ObjectNode openAiBody(GatewayError error) {
        ObjectNode body = Json.object();
        ObjectNode e = body.putObject("error");
        e.put("message", error.getMessage());
        e.put("type", error.type());
        e.put("param", error.param());
        e.put("code", error.code());
        return body;
    }

    /**
     * Writes {@code error} as the answer; when an answer had already begun, resets it instead. The
     * future tells whether the whole error reached the client's connection.
     */
    public static Future<Void> write(HttpServerResponse response, GatewayError error) {
        if (response.headWritten()) {
            response.reset();
            return Future.failedFuture("the answer had begun: reset instead of an error body");
        }
        Buffer body = Json.encode(openAiBody(error));
        response.setStatusCode(error.status()).putHeader("content-type", "application/json");
        if (error.retryAfter() != null) {
            response.putHeader(
                    "retry-after", Long.toString(Math.max(1, (error.retryAfter().toMillis() + 999) / 1000)));
        } else if (error.status() == 429 || error.status() == 503) {
            response.putHeader("retry-after", "1");
        }
        return response.end(body);
    }
}
