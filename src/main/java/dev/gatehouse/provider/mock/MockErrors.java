package dev.gatehouse.provider.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes failures in OpenAI's error shape,
 * {@code {"error":{"message":..,"type":..,"param":..,"code":..}}}, with the type OpenAI uses for the
 * status class, and breaks off responses for truncation faults. Called on the event loop of the
 * request's connection; never blocks.
 */
final class MockErrors {

    private static final long HTTP2_INTERNAL_ERROR = 0x2;

    private MockErrors() {}

    static void send(HttpServerResponse response, MockRejection rejection) {
        send(
                response,
                rejection.status(),
                Objects.requireNonNull(rejection.getMessage(), "a MockRejection always has a message"),
                rejection.param(),
                rejection.code());
    }

    /** A failure asked for by a {@code [mock:status=..]} directive or by the configured error rate. */
    static void sendInjected(HttpServerResponse response, int status) {
        String code = status == 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "injected_error";
        send(response, status, "Simulated failure from the Gatehouse mock provider (HTTP " + status + ").", null, code);
    }

    static void sendUnknownPath(HttpServerResponse response, String method, String path) {
        // OpenAI answers an unknown route with this message and a 404.
        send(response, 404, "Invalid URL (" + method + " " + path + ")", null, "unknown_url");
    }

    /**
     * Breaks off a response once {@code written} (its last write) has reached the socket; cutting
     * sooner would discard that write unsent. HTTP/1.1 loses the connection; HTTP/2 resets the
     * stream with INTERNAL_ERROR, since a reset with NO_ERROR reads to some clients as a clean end.
     */
    static void cutAfter(Future<Void> written, HttpServerResponse response) {
        written.onComplete(ar -> response.reset(HTTP2_INTERNAL_ERROR));
    }

    static void send(HttpServerResponse response, int status, String message, @Nullable String param, String code) {
        if (response.closed() || response.ended()) {
            return;
        }
        ObjectNode error = MockJson.object();
        error.put("message", message);
        error.put("type", typeFor(status));
        error.put("param", param);
        error.put("code", code);
        ObjectNode body = MockJson.object();
        body.set("error", error);
        response.setStatusCode(status);
        response.putHeader("Content-Type", "application/json");
        if (status == 429) {
            // Clients and the gateway's retry logic read the wait from this header, as with OpenAI.
            response.putHeader("Retry-After", "1");
        }
        response.end(MockJson.buffer(body));
    }

    private static String typeFor(int status) {
        if (status == 429) {
            return "rate_limit_error";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }
}
