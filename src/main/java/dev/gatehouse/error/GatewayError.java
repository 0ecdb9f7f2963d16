package dev.gatehouse.error;

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
    private final String param;
    private final String code;
    private final java.time.Duration retryAfter;

    public GatewayError(ErrorKind kind, int status, String type, String message, String param, String code) {
        this(kind, status, type, message, param, code, null, null);
    }

    private GatewayError(ErrorKind kind, int status, String type, String message, String param, String code,
            java.time.Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** The same error, carrying how long the provider asked clients to wait ({@code Retry-After}). */
    public GatewayError withRetryAfter(java.time.Duration wait) {
        return new GatewayError(kind, status, type, getMessage(), param, code, wait, getCause());
    }

    /** The provider's {@code Retry-After}, or null when it gave none. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public static GatewayError of(ErrorKind kind, String message, String param, String code) {
        return new GatewayError(kind, kind.status(), kind.openAiType(), message, param, code);
    }

    public static GatewayError invalid(String message, String param) {
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
        return of(ErrorKind.INTERNAL, "The gateway failed to process the request. The error was logged; quote the x-request-id "
                + "response header when you report it.", null, "internal_error").causedBy(cause);
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

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return kind.retryable();
    }
}
