package dev.gatehouse.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The {@link KeyStore} on SQLite or PostgreSQL: the SQL is the portable subset both accept, so one
 * class serves both dialects. Referenced teams and users are checked inside the writing
 * transaction, because SQLite does not enforce foreign keys unless every connection opts in.
 */
public final class JdbcKeyStore implements KeyStore {

    private final DataSource data;

    public JdbcKeyStore(DataSource data) {
        this.data = data;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new DuplicateId("An entry with this id already exists.");
            }
            throw new IllegalStateException("key store: " + e.getMessage(), e);
        }
    }

    /** PostgreSQL reports SQLSTATE 23505; SQLite error 19 (SQLITE_CONSTRAINT) with a UNIQUE or PRIMARY KEY message. */
    private static boolean isUniqueViolation(SQLException e) {
        if ("23505".equals(e.getSQLState())) {
            return true;
        }
        String message = String.valueOf(e.getMessage());
        return e.getErrorCode() == 19 && (message.contains("UNIQUE") || message.contains("PRIMARY KEY"));
    }

    /**
     * A write transaction: {@code work}, then the change sequence moves forward, in the same
     * transaction. The sequence row is the last lock a writer takes (after its key, user and team
     * rows), so it adds no lock cycle; it serializes key-store writes, which are rare admin calls.
     */
    private <T> T inWriteTransaction(Work<T> work) {
        return inTransaction(c -> {
            T result = work.run(c);
            try (PreparedStatement s = c.prepareStatement("UPDATE gh_key_changes SET seq = seq + 1 WHERE id = 1")) {
                s.executeUpdate();
            }
            return result;
        });
    }

    @Override
    public long changeSequence() {
        return inTransaction(c -> query(c, "SELECT seq FROM gh_key_changes WHERE id = 1", null, rs -> rs.getLong(1))
                .get(0));
    }

    @Override
    public Snapshot snapshot() {
        return inTransaction(c -> new Snapshot(
                query(
                        c,
                        "SELECT " + KeyRows.TEAM_COLUMNS + " FROM gh_teams ORDER BY created_at, id",
                        null,
                        KeyRows::team),
                query(
                        c,
                        "SELECT " + KeyRows.USER_COLUMNS + " FROM gh_users ORDER BY created_at, id",
                        null,
                        KeyRows::user),
                query(
                        c,
                        "SELECT " + KeyRows.KEY_COLUMNS + " FROM gh_keys ORDER BY created_at, id",
                        null,
                        KeyRows::key)));
    }

    @Override
    public Team createTeam(Team team) {
        return inWriteTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO gh_teams (" + KeyRows.TEAM_COLUMNS
                    + ") VALUES (?, ?, ?, ?, " + LimitColumns.PLACEHOLDERS + ", ?, ?)")) {
                KeyRows.bindTeam(s, team);
                s.setString(1, team.id());
                s.setLong(5 + LimitColumns.COUNT, team.createdAt().toEpochMilli());
                s.setString(6 + LimitColumns.COUNT, GuardrailColumn.write(team.guardrails()));
                s.executeUpdate();
            }
            return team;
        });
    }

    @Override
    public Optional<Team> updateTeam(Team team) {
        return inWriteTransaction(c -> writeTeam(c, team));
    }

    @Override
    public Optional<Team> changeTeam(String id, UnaryOperator<Team> change) {
        return changeLocked(
                c -> lock(c, "gh_teams", id)
                        ? query(c, "SELECT " + KeyRows.TEAM_COLUMNS + " FROM gh_teams WHERE id = ?", id, KeyRows::team)
                                .stream()
                                .findFirst()
                        : Optional.<Team>empty(),
                change,
                JdbcKeyStore::writeTeam);
    }

    private static Optional<Team> writeTeam(Connection c, Team team) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("UPDATE gh_teams SET id = ?, alias = ?, models = ?, metadata = ?, "
                        + LimitColumns.ASSIGNMENTS + ", guardrails = ? WHERE id = ?")) {
            KeyRows.bindTeam(s, team);
            s.setString(1, team.id());
            s.setString(5 + LimitColumns.COUNT, GuardrailColumn.write(team.guardrails()));
            s.setString(6 + LimitColumns.COUNT, team.id());
            return s.executeUpdate() == 0 ? Optional.empty() : Optional.of(team);
        }
    }

    @Override
    public Optional<Team> team(String id) {
        return inTransaction(c ->
                        query(c, "SELECT " + KeyRows.TEAM_COLUMNS + " FROM gh_teams WHERE id = ?", id, KeyRows::team))
                .stream()
                .findFirst();
    }

    @Override
    public List<Team> teams() {
        return snapshot().teams();
    }

    @Override
    public User createUser(User user) {
        return inWriteTransaction(c -> {
            requireTeam(c, user.teamId());
            try (PreparedStatement s = c.prepareStatement("INSERT INTO gh_users (" + KeyRows.USER_COLUMNS
                    + ") VALUES (?, ?, ?, ?, " + LimitColumns.PLACEHOLDERS + ", ?)")) {
                KeyRows.bindUser(s, user);
                s.setString(1, user.id());
                s.setLong(5 + LimitColumns.COUNT, user.createdAt().toEpochMilli());
                s.executeUpdate();
            }
            return user;
        });
    }

    @Override
    public Optional<User> updateUser(User user) {
        return inWriteTransaction(c -> writeUser(c, user));
    }

    @Override
    public Optional<User> changeUser(String id, UnaryOperator<User> change) {
        return changeLocked(
                c -> lock(c, "gh_users", id)
                        ? query(c, "SELECT " + KeyRows.USER_COLUMNS + " FROM gh_users WHERE id = ?", id, KeyRows::user)
                                .stream()
                                .findFirst()
                        : Optional.<User>empty(),
                change,
                JdbcKeyStore::writeUser);
    }

    private static Optional<User> writeUser(Connection c, User user) throws SQLException {
        requireTeam(c, user.teamId());
        try (PreparedStatement s =
                c.prepareStatement("UPDATE gh_users SET id = ?, email = ?, team_id = ?, metadata = ?, "
                        + LimitColumns.ASSIGNMENTS + " WHERE id = ?")) {
            KeyRows.bindUser(s, user);
            s.setString(1, user.id());
            s.setString(5 + LimitColumns.COUNT, user.id());
            return s.executeUpdate() == 0 ? Optional.empty() : Optional.of(user);
        }
    }

    @Override
    public Optional<User> user(String id) {
        return inTransaction(c ->
                        query(c, "SELECT " + KeyRows.USER_COLUMNS + " FROM gh_users WHERE id = ?", id, KeyRows::user))
                .stream()
                .findFirst();
    }

    @Override
    public List<User> users() {
        return snapshot().users();
    }

    @Override
    public VirtualKey createKey(VirtualKey key) {
        return inWriteTransaction(c -> {
            requireUser(c, key.userId());
            requireTeam(c, key.teamId());
            try (PreparedStatement s = c.prepareStatement("INSERT INTO gh_keys (" + KeyRows.KEY_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + LimitColumns.PLACEHOLDERS + ", ?, ?, ?)")) {
                KeyRows.bindKey(s, key);
                s.setString(1, key.id());
                s.setLong(12 + LimitColumns.COUNT, key.createdAt().toEpochMilli());
                s.setString(13 + LimitColumns.COUNT, KeyRows.allowedOptions(key));
                s.setString(14 + LimitColumns.COUNT, GuardrailColumn.write(key.guardrails()));
                s.executeUpdate();
            }
            return key;
        });
    }

    @Override
    public Optional<VirtualKey> changeKey(String id, UnaryOperator<VirtualKey> change) {
        return changeLocked(
                c -> lock(c, "gh_keys", id)
                        ? query(c, "SELECT " + KeyRows.KEY_COLUMNS + " FROM gh_keys WHERE id = ?", id, KeyRows::key)
                                .stream()
                                .findFirst()
                        : Optional.<VirtualKey>empty(),
                change,
                JdbcKeyStore::writeKey);
    }

    private static Optional<VirtualKey> writeKey(Connection c, VirtualKey key) throws SQLException {
        requireUser(c, key.userId());
        requireTeam(c, key.teamId());
        try (PreparedStatement s =
                c.prepareStatement("UPDATE gh_keys SET id = ?, key_hash = ?, key_prefix = ?, alias = ?, "
                        + "team_id = ?, user_id = ?, models = ?, metadata = ?, expires_at = ?, revoked = ?, is_admin = ?, "
                        + LimitColumns.ASSIGNMENTS + ", allowed_options = ?, guardrails = ? WHERE id = ?")) {
            KeyRows.bindKey(s, key);
            s.setString(1, key.id());
            s.setString(12 + LimitColumns.COUNT, KeyRows.allowedOptions(key));
            s.setString(13 + LimitColumns.COUNT, GuardrailColumn.write(key.guardrails()));
            s.setString(14 + LimitColumns.COUNT, key.id());
            return s.executeUpdate() == 0 ? Optional.empty() : Optional.of(key);
        }
    }

    @FunctionalInterface
    private interface Writer<T> {
        Optional<T> write(Connection c, T row) throws SQLException;
    }

    /** Reads (under the lock {@code read} takes), changes and writes back one row in one transaction. */
    private <T> Optional<T> changeLocked(Work<Optional<T>> read, UnaryOperator<T> change, Writer<T> writer) {
        return inWriteTransaction(c -> {
            Optional<T> current = read.run(c);
            return current.isEmpty() ? current : writer.write(c, change.apply(current.get()));
        });
    }

    /**
     * Takes the row's write lock before reading it: a no-op UPDATE locks the row on PostgreSQL and
     * takes the database's write lock on SQLite, so a concurrent change waits instead of being lost.
     * Returns false when the row does not exist.
     */
    private static boolean lock(Connection c, String table, String id) throws SQLException {
        return update(c, "UPDATE " + table + " SET id = id WHERE id = ?", id) > 0;
    }

    @Override
    public Optional<VirtualKey> key(String id) {
        return inTransaction(
                        c -> query(c, "SELECT " + KeyRows.KEY_COLUMNS + " FROM gh_keys WHERE id = ?", id, KeyRows::key))
                .stream()
                .findFirst();
    }

    @Override
    public List<VirtualKey> keys() {
        return snapshot().keys();
    }

    /*
     * A write that names a team or user locks that row (see lock) rather than just reading it, and a
     * delete takes the same lock before it counts what names the row. So the two are serialized: the
     * delete sees the new key or user and refuses, or the write finds the row gone. Locks are always
     * taken in the order key, user, team, so two writers never wait on each other in a cycle.
     */

    private static void requireTeam(Connection c, @Nullable String teamId) throws SQLException {
        if (teamId != null && !lock(c, "gh_teams", teamId)) {
            throw new UnknownReference("team_id", teamId);
        }
    }

    private static void requireUser(Connection c, @Nullable String userId) throws SQLException {
        if (userId != null && !lock(c, "gh_users", userId)) {
            throw new UnknownReference("user_id", userId);
        }
    }

    @Override
    public boolean deleteTeam(String id) {
        return deleteUnused("team", "gh_teams", "team_id", id);
    }

    @Override
    public boolean deleteUser(String id) {
        return deleteUnused("user", "gh_users", "user_id", id);
    }

    /**
     * Deletes a team or user under its row lock once no live key (and, for a team, no user) names
     * it; revoked keys that named it lose the reference. {@code column} is the name keys (and users)
     * refer to it by.
     */
    private boolean deleteUnused(String what, String table, String column, String id) {
        return inWriteTransaction(c -> {
            if (!lock(c, table, id)) {
                return false;
            }
            long liveKeys = count(c, "SELECT COUNT(*) FROM gh_keys WHERE " + column + " = ? AND NOT revoked", id);
            long users = what.equals("team") ? count(c, "SELECT COUNT(*) FROM gh_users WHERE team_id = ?", id) : 0;
            if (liveKeys > 0 || users > 0) {
                throw new StillInUse(what, id, liveKeys, users);
            }
            update(c, "UPDATE gh_keys SET " + column + " = NULL WHERE " + column + " = ?", id);
            update(c, "DELETE FROM " + table + " WHERE id = ?", id);
            return true;
        });
    }

    private static long count(Connection c, String sql, String id) throws SQLException {
        return query(c, sql, id, rs -> rs.getLong(1)).get(0);
    }

    /** Runs a statement with one string parameter; the number of rows it changed. */
    private static int update(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id);
            return s.executeUpdate();
        }
    }

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(Connection c, String sql, @Nullable String param, Row<T> row) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (param != null) {
                s.setString(1, param);
            }
            try (ResultSet rs = s.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.read(rs));
                }
                return out;
            }
        }
    }
}
