package dev.gatehouse.error;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A failure that ends an exchange with an error answer. It carries everything a client-facing
 * error body needs, so the server can write it in the shape of the client's API.
 *
 * <p>It is thrown or used to fail futures; it never records a stack trace, because it describes an
 * expected outcome, not a bug.
 */
public final class GatewayError extends RuntimeException {

    private final ErrorKind kind;
    private final int status;
    private final String type;
    private final @Nullable String param;
    private final @Nullable String code;
    private final @Nullable Duration retryAfter;

    public GatewayError(
            ErrorKind kind, int status, String type, String message, @Nullable String param, @Nullable String code) {
        this(kind, status, type, message, param, code, null, null);
    }

    private GatewayError(
            ErrorKind kind,
            int status,
            String type,
            @Nullable String message,
            @Nullable String param,
            @Nullable String code,
            @Nullable Duration retryAfter,
            @Nullable Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** The same error, carrying how long the provider asked clients to wait ({@code Retry-After}). */
    public GatewayError withRetryAfter(Duration wait) {
        return new GatewayError(kind, status, type, getMessage(), param, code, wait, getCause());
    }

    /** The provider's {@code Retry-After}, or null when it gave none. */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    public static GatewayError of(ErrorKind kind, String message, @Nullable String param, @Nullable String code) {
        return new GatewayError(kind, kind.status(), kind.openAiType(), message, param, code);
    }

    public static GatewayError invalid(String message, @Nullable String param) {
        return of(ErrorKind.INVALID_REQUEST, message, param, null);
    }

    public static GatewayError internal(String message) {
        return of(ErrorKind.INTERNAL, "The gateway failed to process the request: " + message, null, "internal_error");
    }

    /**
     * Wraps an unexpected exception without exposing its details to the client. Callers that answer
     * with it log it through {@code pipeline.InternalErrors}, which calls this.
     */
    public static GatewayError internal(Throwable cause) {
        if (cause instanceof GatewayError ge) {
            return ge;
        }
        return of(
                        ErrorKind.INTERNAL,
                        "The gateway failed to process the request. The error was logged; quote the x-request-id "
                                + "response header when you report it.",
                        null,
                        "internal_error")
                .causedBy(cause);
    }

    /**
     * The same error, remembering the exception behind it for server-side diagnosis (the client
     * never sees it). The cause is fixed at construction, since the constructor opts out of
     * {@code initCause}.
     */
    public GatewayError causedBy(Throwable cause) {
        return new GatewayError(kind, status, type, getMessage(), param, code, retryAfter, cause);
    }

    public ErrorKind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public @Nullable String param() {
        return param;
    }

    public @Nullable String code() {
        return code;
    }

    public boolean retryable() {
        return kind.retryable();
    }
}
