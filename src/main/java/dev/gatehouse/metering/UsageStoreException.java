package dev.gatehouse.metering;

import org.jspecify.annotations.Nullable;

/**
 * The usage store failed: it was unreachable or a transaction did not commit, or it refused the
 * records themselves ({@link #rejected}).
 */
public final class UsageStoreException extends RuntimeException {

    private final boolean rejected;
    private final @Nullable String code;

    /** A failure of the store itself: trying the same records again later may succeed. */
    public UsageStoreException(String message, Throwable cause) {
        this(message, cause, false, null);
    }

    private UsageStoreException(String message, Throwable cause, boolean rejected, @Nullable String code) {
        super(message, cause);
        this.rejected = rejected;
        this.code = code;
    }

    /**
     * The store refused the data (a value it cannot hold, a constraint it breaks): the same records
     * will fail the same way however often they are tried.
     *
     * @param code the store's error code (PostgreSQL's SQLState, SQLite's result code)
     */
    public static UsageStoreException rejected(String message, Throwable cause, String code) {
        return new UsageStoreException(message, cause, true, code);
    }

    public boolean rejected() {
        return rejected;
    }

    /** The store's error code when it refused the data, else {@code null}. */
    public @Nullable String code() {
        return code;
    }
}
