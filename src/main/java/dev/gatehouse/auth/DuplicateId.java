package dev.gatehouse.auth;

/** A create named an id (or produced a key hash) that already exists. Nothing was written. */
public final class DuplicateId extends RuntimeException {

    public DuplicateId(String message) {
        super(message, null, false, false);
    }
}
