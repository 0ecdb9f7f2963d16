package dev.gatehouse.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.provider.ProviderErrors;
import dev.gatehouse.provider.StatusTable;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Classifies Cohere's error answers into the gateway's taxonomy. Cohere's error body is
 * {@code {"id": "...", "message": "..."}} (docs.cohere.com "Errors (status codes and description)"
 * and the error schemas of the v2 Chat reference); the message passes through to the client
 * verbatim. Pure and thread-safe.
 */
final class CohereErrors {

    private static final StatusTable STATUSES = StatusTable.DEFAULT
            // Cohere's Errors page lists neither 408 nor 413; the gateway has always taken them as
            // the client's mistake for Cohere, not retried.
            .with(408, ErrorKind.INVALID_REQUEST)
            .with(413, ErrorKind.INVALID_REQUEST)
            // 498: "returned when a request or response contains a deny-listed token" (v2 Chat
            // reference, InvalidTokenError): Cohere's only content block.
            .with(498, ErrorKind.CONTENT_FILTER)
            // 499 "Request Cancelled": the Errors page's remedy is "try the request again".
            .with(499, ErrorKind.SERVER_ERROR)
            // 501: "the requested feature is not implemented"; sending it again cannot help.
            .with(501, ErrorKind.INVALID_REQUEST);

    private CohereErrors() {}

    static GatewayError fromResponse(String provider, int status, Buffer body) {
        String message = messageOf(body);
        if (status == 402) {
            // "402 responses are sent when the account has reached its billing limit" (Errors page).
            // OpenAI reports the same condition as 429 insufficient_quota, so clients and the
            // gateway's fallback treat it alike: this account cannot serve the request now,
            // another provider may.
            return new GatewayError(
                    ErrorKind.RATE_LIMITED,
                    429,
                    "insufficient_quota",
                    message(provider, status, message),
                    null,
                    "insufficient_quota");
        }
        return ProviderErrors.of(kindFor(status, message), provider, message(provider, status, message));
    }

    /** The error a generation that ended with {@code finish_reason} ERROR or TIMEOUT stands for. */
    static GatewayError generationFailed(String provider, String finishReason, @Nullable String detail) {
        boolean timeout = "TIMEOUT".equals(finishReason);
        String message = "Provider '" + provider + "' stopped the generation with finish_reason " + finishReason
                + (timeout ? " (it exceeded Cohere's time limit)" : " (an internal error)")
                + (detail == null || detail.isBlank() ? "." : ": " + detail);
        return ProviderErrors.of(timeout ? ErrorKind.TIMEOUT : ErrorKind.SERVER_ERROR, provider, message);
    }

    static ErrorKind kindFor(int status, @Nullable String message) {
        return status == 400 && isContextLength(message) ? ErrorKind.CONTEXT_LENGTH_EXCEEDED : STATUSES.kindOf(status);
    }

    /**
     * Cohere reports an over-long input as a 400 whose message starts "too many tokens" (Errors
     * page: "too many tokens: total number of tokens in the prompt cannot exceed 4081 - received
     * 4292 ...", "too many tokens: size limit exceeded by 11326 tokens ...", "too many tokens:
     * multi-hop prompt is too long even after truncation"). The same prefix also opens "too many
     * tokens: max tokens must be less than or equal to 4096, the maximum output for this model",
     * which is an invalid output limit, not an over-long prompt.
     */
    static boolean isContextLength(@Nullable String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase();
        return m.startsWith("too many tokens") && !m.contains("max tokens must be");
    }

    /**
     * The provider's message: {@code message} per the documented schema; older SDK schemas name the
     * field {@code data}; otherwise the raw body, shortened.
     */
    static @Nullable String messageOf(Buffer body) {
        JsonNode json = Json.tryParse(body).orElse(null);
        if (json != null && json.isObject()) {
            if (json.path("message").isTextual()) {
                return json.get("message").asText();
            }
            if (json.path("data").isTextual()) {
                return json.get("data").asText();
            }
        }
        String raw = ProviderErrors.excerpt(body);
        return raw.isBlank() ? null : raw.strip();
    }

    private static String message(String provider, int status, @Nullable String providerMessage) {
        return providerMessage == null ? "Provider '" + provider + "' answered HTTP " + status + "." : providerMessage;
    }
}
