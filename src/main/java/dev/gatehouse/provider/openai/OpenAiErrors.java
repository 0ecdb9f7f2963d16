package dev.gatehouse.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.provider.ProviderErrors;
import dev.gatehouse.provider.StatusTable;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Classifies OpenAI-format errors ({@code {"error":{"message","type","param","code"}}}). The status
 * and the provider's own message, type, param and code pass through to the client unchanged, except
 * for the two the gateway reports alike for every provider (a refused credential, an unavailable
 * provider: see {@link ProviderErrors}); the kind decides retries. Codes come from OpenAI's error-code guide and API reference.
 */
final class OpenAiErrors {

    private OpenAiErrors() {}

    static GatewayError fromResponse(String provider, int status, String retryAfter, Buffer body) {
        JsonNode json = Json.tryParse(body).orElse(null);
        JsonNode error = json == null ? null : json.get("error");
        if (error == null || !error.isObject()) {
            ErrorKind kind = kindFor(status, null, null);
            if (ProviderErrors.isCredentialError(kind)) {
                return ProviderErrors.credentialsRefused(kind, provider);
            }
            return new GatewayError(
                    kind,
                    clientStatus(kind, status),
                    kind.openAiType(),
                    ProviderErrors.answeredHttp(provider, status, body),
                    null,
                    "upstream_error");
        }
        return fromErrorObject(provider, status, error);
    }

    /** An error object received inside a stream after a 200. */
    static GatewayError fromStreamError(String provider, JsonNode error) {
        int status = error.path("code").asText("").equals("rate_limit_exceeded") ? 429 : 502;
        return fromErrorObject(provider, status, error);
    }

    private static GatewayError fromErrorObject(String provider, int status, JsonNode error) {
        String message = error.path("message").asText("Provider '" + provider + "' reported an error.");
        String type = text(error.get("type"));
        String code = text(error.get("code"));
        String param = text(error.get("param"));
        ErrorKind kind = kindFor(status, type, code);
        if (ProviderErrors.isCredentialError(kind)) {
            return ProviderErrors.credentialsRefused(kind, provider);
        }
        return new GatewayError(
                kind, clientStatus(kind, status), type == null ? kind.openAiType() : type, message, param, code);
    }

    /**
     * The provider's status, except that a 502 from an OpenAI-compatible server is the same outage
     * as its 503, and clients get one status for it whichever the provider used.
     */
    private static int clientStatus(ErrorKind kind, int status) {
        return kind == ErrorKind.UNAVAILABLE ? ErrorKind.UNAVAILABLE.status() : status;
    }

    private static ErrorKind kindFor(int status, @Nullable String type, @Nullable String code) {
        if ("context_length_exceeded".equals(code) || "string_above_max_length".equals(code) && status == 400) {
            return ErrorKind.CONTEXT_LENGTH_EXCEEDED;
        }
        if ("content_filter".equals(code) || "content_policy_violation".equals(code)) {
            return ErrorKind.CONTENT_FILTER;
        }
        return StatusTable.DEFAULT.kindOf(status);
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
