package dev.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.provider.ProviderErrors;
import dev.gatehouse.provider.StatusTable;
import io.vertx.core.buffer.Buffer;

/**
 * Classifies Gemini API errors: Google's {@code {"error": {"code", "message", "status", "details"}}}
 * with the HTTP status in {@code code} and the canonical gRPC status name in {@code status}. The
 * status table follows the Gemini API troubleshooting guide (400 INVALID_ARGUMENT or
 * FAILED_PRECONDITION, 403 PERMISSION_DENIED, 404 NOT_FOUND, 429 RESOURCE_EXHAUSTED, 500 INTERNAL,
 * 503 UNAVAILABLE, 504 DEADLINE_EXCEEDED). Two 400s are told apart by their content:
 *
 * <ul>
 *   <li>an invalid API key is a 400 INVALID_ARGUMENT whose details hold an ErrorInfo with reason
 *       {@code API_KEY_INVALID} ("API key not valid. Please pass a valid API key.");
 *   <li>an over-long prompt is a 400 INVALID_ARGUMENT reading "The input token count (N) exceeds the
 *       maximum number of tokens allowed (M)." (reported in google-gemini/gemini-cli issues).
 * </ul>
 *
 * <p>The provider's message is passed on verbatim. Stateless and thread-safe.
 */
final class GeminiErrors {

    /**
     * 499 is CANCELLED (google.rpc.Code): the call was cut on Google's side, so sending it again
     * may succeed.
     */
    private static final StatusTable STATUSES = StatusTable.DEFAULT.with(499, ErrorKind.SERVER_ERROR);

    private GeminiErrors() {}

    static GatewayError fromResponse(String provider, int status, Buffer body) {
        JsonNode json = Json.tryParse(body).orElse(null);
        // Google front ends also answer some streamed calls with the error wrapped in an array.
        if (json != null && json.isArray() && !json.isEmpty()) {
            json = json.get(0);
        }
        JsonNode error = json == null ? null : json.get("error");
        if (error == null || !error.isObject()) {
            return ProviderErrors.of(
                    STATUSES.kindOf(status), provider, ProviderErrors.answeredHttp(provider, status, body));
        }
        return fromErrorObject(provider, status, error);
    }

    /** An error object received as an event of a stream that began with HTTP 200. */
    static GatewayError fromStreamError(String provider, JsonNode error) {
        int status = error.path("code").asInt(0);
        return fromErrorObject(
                provider, status >= 400 ? status : statusOf(error.path("status").asText("")), error);
    }

    private static GatewayError fromErrorObject(String provider, int status, JsonNode error) {
        String message = error.path("message").asText("");
        return ProviderErrors.of(kindFor(status, message, error.path("details")), provider, message);
    }

    static ErrorKind kindFor(int status, String message, JsonNode details) {
        for (JsonNode detail : details) {
            if ("API_KEY_INVALID".equals(detail.path("reason").asText())) {
                return ErrorKind.AUTH_ERROR;
            }
        }
        if (status == 400 && message.contains("exceeds the maximum number of tokens")) {
            return ErrorKind.CONTEXT_LENGTH_EXCEEDED;
        }
        return STATUSES.kindOf(status);
    }

    /** The HTTP status Google maps each canonical gRPC status to (google.rpc.Code). */
    private static int statusOf(String grpcStatus) {
        return switch (grpcStatus) {
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> 400;
            case "UNAUTHENTICATED" -> 401;
            case "PERMISSION_DENIED" -> 403;
            case "NOT_FOUND" -> 404;
            case "ABORTED", "ALREADY_EXISTS" -> 409;
            case "RESOURCE_EXHAUSTED" -> 429;
            case "CANCELLED" -> 499;
            case "UNAVAILABLE" -> 503;
            case "DEADLINE_EXCEEDED" -> 504;
            default -> 500;
        };
    }
}
