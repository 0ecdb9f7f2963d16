package dev.gatehouse.provider;

import dev.gatehouse.error.ErrorKind;
import java.util.HashMap;
import java.util.Map;

/**
 * What a provider's HTTP status means in the common taxonomy when its body says nothing more
 * precise. {@link #DEFAULT} is the meaning every provider documents alike (401 key refused, 403
 * forbidden, 404 unknown model, 408/504 timeout, 413 too large, 429 rate limited, 502/503
 * unavailable, other 5xx server error, other 4xx invalid request); a dialect adds the statuses its
 * provider gives a meaning of its own with {@link #with}, citing where it comes from.
 *
 * <p>Immutable and thread-safe.
 *
 * @param overrides the dialect's own statuses, checked before the default table
 */
public record StatusTable(Map<Integer, ErrorKind> overrides) {

    public static final StatusTable DEFAULT = new StatusTable(Map.of());

    public StatusTable {
        overrides = Map.copyOf(overrides);
    }

    /** This table, with {@code status} meaning {@code kind}. */
    public StatusTable with(int status, ErrorKind kind) {
        Map<Integer, ErrorKind> more = new HashMap<>(overrides);
        more.put(status, kind);
        return new StatusTable(more);
    }

    public ErrorKind kindOf(int status) {
        ErrorKind own = overrides.get(status);
        if (own != null) {
            return own;
        }
        return switch (status) {
            case 401 -> ErrorKind.AUTH_ERROR;
            case 403 -> ErrorKind.PERMISSION_DENIED;
            case 404 -> ErrorKind.NOT_FOUND;
            case 408, 504 -> ErrorKind.TIMEOUT;
            case 413 -> ErrorKind.PAYLOAD_TOO_LARGE;
            case 429 -> ErrorKind.RATE_LIMITED;
            case 502, 503 -> ErrorKind.UNAVAILABLE;
            default -> status >= 500 ? ErrorKind.SERVER_ERROR : ErrorKind.INVALID_REQUEST;
        };
    }
}
