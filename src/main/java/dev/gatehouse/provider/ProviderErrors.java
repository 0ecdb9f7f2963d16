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
 *
 * <p>Two classes of upstream error are the gateway's own problem, not the client's, and every
 * dialect reports them alike: a refused credential ({@link #credentialsRefused}) and an
 * unavailable provider (503 whatever the provider's 502, 503 or 529).
 */
public final class ProviderErrors {

    /** How many bytes of a body that is not the provider's error format a message quotes. */
    private static final int MAX_EXCERPT = 300;

    private ProviderErrors() {}

    /**
     * @param providerMessage the provider's message, passed on verbatim so clients see the cause
     *     (except for a refused credential, see {@link #credentialsRefused})
     */
    public static GatewayError of(ErrorKind kind, String provider, @Nullable String providerMessage) {
        if (isCredentialError(kind)) {
            return credentialsRefused(kind, provider);
        }
        String message = providerMessage == null || providerMessage.isBlank()
                ? "Provider '" + provider + "' reported an error ("
                        + kind.name().toLowerCase() + ")."
                : providerMessage;
        return new GatewayError(kind, kind.status(), kind.openAiType(), message, null, codeOf(kind));
    }

    /** Whether the provider refused the gateway's own credentials (401, 403, a billing refusal). */
    public static boolean isCredentialError(ErrorKind kind) {
        return kind == ErrorKind.AUTH_ERROR || kind == ErrorKind.PERMISSION_DENIED;
    }

    /**
     * The provider refused the gateway's key. The client's own key was fine, so this is a 502 (a
     * 401 would tell the client to fix a key it cannot change), and the message is the gateway's:
     * a provider's message about its key can quote part of that key ("Incorrect API key provided:
     * sk-ab***cd"), which is the operator's secret, not the client's business.
     *
     * @param kind {@link ErrorKind#AUTH_ERROR} or {@link ErrorKind#PERMISSION_DENIED}: it still
     *     decides retries and the deployment's breaker
     */
    public static GatewayError credentialsRefused(ErrorKind kind, String provider) {
        String what = kind == ErrorKind.AUTH_ERROR
                ? "rejected the gateway's credentials (the API key configured for it)"
                : "denied the gateway's credentials access (the API key configured for it lacks permission or credit)";
        return new GatewayError(
                kind,
                502,
                ErrorKind.BAD_UPSTREAM_RESPONSE.openAiType(),
                "Provider '" + provider + "' " + what
                        + ". This is the gateway's configuration to fix, not your request or your key.",
                null,
                codeOf(kind));
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
