package dev.gatehouse.provider;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;

/**
 * Errors from providers whose format is not OpenAI's, reported to clients in OpenAI's terms: the
 * kind's status and type, a code a client can branch on, and the provider's own message.
 */
public final class ProviderErrors {

    private ProviderErrors() {}

    /**
     * @param providerMessage the provider's message, passed on verbatim so clients see the cause
     */
    public static GatewayError of(ErrorKind kind, String provider, String providerMessage) {
        String message = providerMessage == null || providerMessage.isBlank()
                ? "Provider '" + provider + "' reported an error (" + kind.name().toLowerCase() + ")."
                : providerMessage;
        if (kind == ErrorKind.AUTH_ERROR || kind == ErrorKind.PERMISSION_DENIED) {
            message = "Provider '" + provider + "' rejected the gateway's credentials: " + message;
        }
        return new GatewayError(kind, kind.status(), kind.openAiType(), message, null, codeOf(kind));
    }

    public static String codeOf(ErrorKind kind) {
        return switch (kind) {
            case RATE_LIMITED -> "rate_limit_exceeded";
            case CONTEXT_LENGTH_EXCEEDED -> "context_length_exceeded";
            case CONTENT_FILTER -> "content_filter";
            case AUTH_ERROR, PERMISSION_DENIED -> "upstream_auth_error";
            case NOT_FOUND -> "model_not_found";
            case TIMEOUT -> "upstream_timeout";
            case UNAVAILABLE -> "upstream_unavailable";
            case SERVER_ERROR -> "upstream_server_error";
            case BAD_UPSTREAM_RESPONSE -> "bad_upstream_response";
            default -> "invalid_request";
        };
    }
}
