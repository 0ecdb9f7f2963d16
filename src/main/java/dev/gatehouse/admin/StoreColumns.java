package dev.gatehouse.admin;

import java.util.Map;

/**
 * The longest text each admin field may hold: the width of the column it is stored in
 * ({@code db/migration/*\/V100__keys_teams_users.sql}), so PostgreSQL, which refuses longer text, and
 * SQLite, which would keep it, accept the same ids. Lengths count characters (code points), as
 * PostgreSQL's {@code VARCHAR(n)} does.
 */
final class StoreColumns {

    /** {@code id}, {@code team_id} and {@code user_id} columns: {@code VARCHAR(64)}. */
    static final int ID = 64;

    /** {@code alias} columns of keys and teams: {@code VARCHAR(200)}. */
    static final int ALIAS = 200;

    /** {@code email} of users: {@code VARCHAR(320)}, the longest address RFC 5321 allows. */
    static final int EMAIL = 320;

    /** Body field to its limit; fields not listed go into unbounded text. */
    static final Map<String, Integer> MAX_CHARS = Map.of(
            "team_id", ID,
            "user_id", ID,
            "key_alias", ALIAS,
            "team_alias", ALIAS,
            "user_email", EMAIL);

    private StoreColumns() {}
}
