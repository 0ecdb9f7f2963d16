package dev.gatehouse.error;

/**
 * The common failure taxonomy every provider's errors map to. Each kind carries the HTTP status a
 * client sees by default and the OpenAI error {@code type} it is reported with.
 */
public enum ErrorKind {
    INVALID_REQUEST(400, "invalid_request_error", false),
    AUTH_ERROR(401, "invalid_request_error", false),
    PERMISSION_DENIED(403, "invalid_request_error", false),
    NOT_FOUND(404, "invalid_request_error", false),
    METHOD_NOT_ALLOWED(405, "invalid_request_error", false),
    PAYLOAD_TOO_LARGE(413, "invalid_request_error", false),
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error", false),
    CONTEXT_LENGTH_EXCEEDED(400, "invalid_request_error", false),
    CONTENT_FILTER(400, "invalid_request_error", false),
    RATE_LIMITED(429, "rate_limit_error", true),
    SERVER_ERROR(500, "server_error", true),
    BAD_UPSTREAM_RESPONSE(502, "server_error", true),
    UNAVAILABLE(503, "server_error", true),
    TIMEOUT(504, "timeout_error", true),
    INTERNAL(500, "server_error", false);

    private final int status;
    private final String openAiType;
    private final boolean retryable;

    ErrorKind(int status, String openAiType, boolean retryable) {
        this.status = status;
        this.openAiType = openAiType;
        this.retryable = retryable;
    }

    public int status() {
        return status;
    }

    public String openAiType() {
        return openAiType;
    }

    /** Whether the same request may succeed if sent again (possibly elsewhere). */
    public boolean retryable() {
        return retryable;
    }
}
