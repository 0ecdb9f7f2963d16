package dev.gatehouse.auth;

/**
 * A write named a team or user that does not exist. Nothing was written.
 *
 * @see KeyStore
 */
public final class UnknownReference extends RuntimeException {

    private final String field;

    public UnknownReference(String field, String id) {
        super("No " + field.replace("_id", "") + " with id '" + id + "' exists.", null, false, false);
        this.field = field;
    }

    /** The admin API field that held the unknown id ({@code team_id}, {@code user_id}). */
    public String field() {
        return field;
    }
}
