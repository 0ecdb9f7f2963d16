package dev.gatehouse.metering;

/** The usage store failed (unreachable, or a transaction that did not commit). */
public final class UsageStoreException extends RuntimeException {

    public UsageStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
