package dev.gatehouse.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * A delete named a team or user that live keys (or, for a team, users) still belong to. Nothing was
 * deleted. The message says how many and what to do about them.
 *
 * @see KeyStore#deleteTeam
 */
public final class StillInUse extends RuntimeException {

    private final String what;

    /**
     * @param what the kind of owner, {@code "team"} or {@code "user"}
     * @param liveKeys non-revoked keys that name it
     * @param users users in it (always 0 for a user)
     */
    public StillInUse(String what, String id, long liveKeys, long users) {
        super(message(what, id, liveKeys, users), null, false, false);
        this.what = what;
    }

    /** {@code team} or {@code user}. */
    public String what() {
        return what;
    }

    private static String message(String what, String id, long liveKeys, long users) {
        List<String> holders = new ArrayList<>();
        List<String> advice = new ArrayList<>();
        if (liveKeys > 0) {
            holders.add(count(liveKeys, "live key"));
            advice.add("revoke those keys (DELETE /admin/v1/keys/{id}) or change their " + what
                    + "_id (PATCH /admin/v1/keys/{id})");
        }
        if (users > 0) {
            holders.add(count(users, "user"));
            advice.add("change the users' team_id (PATCH /admin/v1/users/{id})");
        }
        return Character.toUpperCase(what.charAt(0)) + what.substring(1) + " '" + id + "' still has "
                + String.join(" and ", holders) + "; " + String.join(", and ", advice) + " before deleting it.";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
