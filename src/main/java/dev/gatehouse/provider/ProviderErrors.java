package dev.gatehouse.provider;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Errors from providers whose format is not OpenAI's, reported to clients in OpenAI's terms: the
 * kind's status and type, a code a client can branch on, and the provider's own message; and the
 * message every dialect gives an error body it cannot read. Which kind a status means is
 * {@link StatusTable}'s.
 */
public final class ProviderErrors {

    /** How many bytes of a body that is not the provider's error format a message quotes. */
    private static final int MAX_EXCERPT = 300;

    private ProviderErrors() {}

    /**
     * @param providerMessage the provider's message, passed on verbatim so clients see the cause
     */
    public static GatewayError of(ErrorKind kind, String provider, @Nullable String providerMessage) {
        String message = providerMessage == null || providerMessage.isBlank()
                ? "Provider '" + provider + "' reported an error ("
                        + kind.name().toLowerCase() + ")."
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

    /**
     * The message for an error answer whose body is not in the provider's error format (a proxy's
     * HTML page, an empty body): the status, and the start of the body when there is one.
     */
    public static String answeredHttp(String provider, int status, Buffer body) {
        String raw = excerpt(body);
        return "Provider '" + provider + "' answered HTTP " + status + (raw.isBlank() ? "." : ": " + raw.strip());
    }

    /** The body as text, cut after its first 300 bytes with "..." marking the cut. */
    public static String excerpt(Buffer body) {
        return body.length() > MAX_EXCERPT ? body.getString(0, MAX_EXCERPT) + "..." : body.toString();
    }
}
