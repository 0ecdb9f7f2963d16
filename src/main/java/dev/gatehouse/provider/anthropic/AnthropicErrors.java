package dev.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.provider.ProviderErrors;
import dev.gatehouse.provider.StatusTable;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;

/**
 * Classifies Anthropic errors: {@code {"type":"error","error":{"type","message"},"request_id"}}, with
 * the status and error types of docs.anthropic.com "Errors" (400 invalid_request_error, 401
 * authentication_error, 402 billing_error, 403 permission_error, 404 not_found_error, 413
 * request_too_large, 429 rate_limit_error, 500 api_error, 504 timeout_error, 529 overloaded_error).
 * The same error object can arrive as an {@code error} event inside a stream that began with a 200
 * ("Streaming Messages", error events). The error type decides the kind; the status is the fallback
 * for bodies that are not Anthropic's (a 413 comes from Cloudflare before the API, per "Errors").
 */
final class AnthropicErrors {

    /**
     * 402 billing_error: the gateway's account cannot pay, as much a refusal of its credentials as a
     * 403. 529 overloaded_error: Anthropic is over capacity, another deployment may answer. Status 0
     * stands for an error event inside a stream whose type is unknown: the stream broke on
     * Anthropic's side.
     */
    private static final StatusTable STATUSES = StatusTable.DEFAULT
            .with(402, ErrorKind.PERMISSION_DENIED)
            .with(529, ErrorKind.UNAVAILABLE)
            .with(0, ErrorKind.SERVER_ERROR);

    private AnthropicErrors() {}

    static GatewayError fromResponse(String provider, int status, Buffer body) {
        JsonNode json = Json.tryParse(body).orElse(null);
        JsonNode error = json == null ? null : json.get("error");
        if (error == null || !error.isObject()) {
            return ProviderErrors.of(
                    STATUSES.kindOf(status), provider, ProviderErrors.answeredHttp(provider, status, body));
        }
        return fromErrorObject(provider, status, error);
    }

    /** The {@code data} of an {@code event: error} received after a 200. */
    static GatewayError fromStreamEvent(String provider, JsonNode event) {
        JsonNode error = event.path("error");
        return fromErrorObject(provider, 0, error.isObject() ? error : event);
    }

    private static GatewayError fromErrorObject(String provider, int status, JsonNode error) {
        String type = error.path("type").asText("");
        String message = error.path("message").asText("");
        return ProviderErrors.of(kindOf(type, message, status), provider, message);
    }

    private static ErrorKind kindOf(String type, String message, int status) {
        if (status == 502 || status == 503 || status == 529) {
            // A 502 or 503 from Anthropic can carry an api_error body; classified by that body it
            // reached clients as a 500 (issue #19). The status is what says "try elsewhere".
            return ErrorKind.UNAVAILABLE;
        }
        return switch (type) {
            case "invalid_request_error" ->
                isContextLength(message) ? ErrorKind.CONTEXT_LENGTH_EXCEEDED : ErrorKind.INVALID_REQUEST;
            case "authentication_error" -> ErrorKind.AUTH_ERROR;
            // The gateway's account cannot pay for the call: as much a refusal of its credentials as a 403.
            case "permission_error", "billing_error" -> ErrorKind.PERMISSION_DENIED;
            case "not_found_error" -> ErrorKind.NOT_FOUND;
            case "request_too_large" -> ErrorKind.PAYLOAD_TOO_LARGE;
            case "rate_limit_error" -> ErrorKind.RATE_LIMITED;
            case "api_error" -> ErrorKind.SERVER_ERROR;
            case "timeout_error" -> ErrorKind.TIMEOUT;
            case "overloaded_error" -> ErrorKind.UNAVAILABLE;
            default -> STATUSES.kindOf(status);
        };
    }

    /**
     * Anthropic has no error code for an over-long prompt, only an invalid_request_error whose
     * message says so: "prompt is too long: N tokens > M maximum", or "input length and
     * `max_tokens` exceed context limit: N + M > L" when the output limit is what overflows.
     */
    private static boolean isContextLength(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("prompt is too long") || m.contains("exceed context limit");
    }
}
