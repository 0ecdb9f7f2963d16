package dev.gatehouse.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The {@link KeyStore} on SQLite or PostgreSQL: the SQL is the portable subset both accept, so one
 * class serves both dialects. Referenced teams and users are checked inside the writing
 * transaction, because SQLite does not enforce foreign keys unless every connection opts in.
 */
public final class JdbcKeyStore implements KeyStore {

    private static final String TEAM_COLUMNS = "id, alias, models, metadata, " + LimitColumns.NAMES + ", created_at";
    private static final String USER_COLUMNS = "id, email, team_id, metadata, " + LimitColumns.NAMES + ", created_at";
    private static final String KEY_COLUMNS = "id, key_hash, key_prefix, alias, team_id, user_id, models, metadata, "
            + "expires_at, revoked, is_admin, " + LimitColumns.NAMES + ", created_at";

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

    @Override
    public Snapshot snapshot() {
        return inTransaction(c -> new Snapshot(
                query(c, "SELECT " + TEAM_COLUMNS + " FROM gh_teams ORDER BY created_at, id", null, JdbcKeyStore::team),
                query(c, "SELECT " + USER_COLUMNS + " FROM gh_users ORDER BY created_at, id", null, JdbcKeyStore::user),
                query(c, "SELECT " + KEY_COLUMNS + " FROM gh_keys ORDER BY created_at, id", null, JdbcKeyStore::key)));
    }

    @Override
    public Team createTeam(Team team) {
        return inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO gh_teams (" + TEAM_COLUMNS + ") VALUES (?, ?, ?, ?, "
                    + LimitColumns.PLACEHOLDERS + ", ?)")) {
                bindTeam(s, team);
                s.setString(1, team.id());
                s.setLong(5 + LimitColumns.COUNT, team.createdAt().toEpochMilli());
                s.executeUpdate();
            }
            return team;
        });
    }

    @Override
    public Optional<Team> updateTeam(Team team) {
        return inTransaction(c -> writeTeam(c, team));
    }

    @Override
    public Optional<Team> changeTeam(String id, UnaryOperator<Team> change) {
        return changeLocked(c -> lock(c, "gh_teams", id)
                ? query(c, "SELECT " + TEAM_COLUMNS + " FROM gh_teams WHERE id = ?", id, JdbcKeyStore::team).stream().findFirst()
                : Optional.<Team>empty(), change, JdbcKeyStore::writeTeam);
    }

    private static Optional<Team> writeTeam(Connection c, Team team) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE gh_teams SET id = ?, alias = ?, models = ?, metadata = ?, "
                + LimitColumns.ASSIGNMENTS + " WHERE id = ?")) {
            bindTeam(s, team);
            s.setString(1, team.id());
            s.setString(5 + LimitColumns.COUNT, team.id());
            return s.executeUpdate() == 0 ? Optional.empty() : Optional.of(team);
        }
    }

    private static void bindTeam(PreparedStatement s, Team team) throws SQLException {
        s.setString(2, team.alias());
        s.setString(3, json(team.models()));
        s.setString(4, Json.encode(team.metadata()).toString());
        LimitColumns.bind(s, 5, team.limits());
    }

    @Override
    public Optional<Team> team(String id) {
        return inTransaction(c -> query(c, "SELECT " + TEAM_COLUMNS + " FROM gh_teams WHERE id = ?", id, JdbcKeyStore::team))
                .stream().findFirst();
    }

    @Override
    public List<Team> teams() {
        return snapshot().teams();
    }

    @Override
    public User createUser(User user) {
        return inTransaction(c -> {
            requireTeam(c, user.teamId());
            try (PreparedStatement s = c.prepareStatement("INSERT INTO gh_users (" + USER_COLUMNS + ") VALUES (?, ?, ?, ?, "
                    + LimitColumns.PLACEHOLDERS + ", ?)")) {
                bindUser(s, user);
                s.setString(1, user.id());
                s.setLong(5 + LimitColumns.COUNT, user.createdAt().toEpochMilli());
                s.executeUpdate();
            }
            return user;
        });
    }

    @Override
    public Optional<User> updateUser(User user) {
        return inTransaction(c -> writeUser(c, user));
    }

    @Override
    public Optional<User> changeUser(String id, UnaryOperator<User> change) {
        return changeLocked(c -> lock(c, "gh_users", id)
                ? query(c, "SELECT " + USER_COLUMNS + " FROM gh_users WHERE id = ?", id, JdbcKeyStore::user).stream().findFirst()
                : Optional.<User>empty(), change, JdbcKeyStore::writeUser);
    }

    private static Optional<User> writeUser(Connection c, User user) throws SQLException {
        requireTeam(c, user.teamId());
        try (PreparedStatement s = c.prepareStatement("UPDATE gh_users SET id = ?, email = ?, team_id = ?, metadata = ?, "
                + LimitColumns.ASSIGNMENTS + " WHERE id = ?")) {
            bindUser(s, user);
            s.setString(1, user.id());
            s.setString(5 + LimitColumns.COUNT, user.id());
            return s.executeUpdate() == 0 ? Optional.empty() : Optional.of(user);
        }
    }

    private static void bindUser(PreparedStatement s, User user) throws SQLException {
        s.setString(2, user.email());
        s.setString(3, user.teamId());
        s.setString(4, Json.encode(user.metadata()).toString());
        LimitColumns.bind(s, 5, user.limits());
    }

    @Override
    public Optional<User> user(String id) {
        return inTransaction(c -> query(c, "SELECT " + USER_COLUMNS + " FROM gh_users WHERE id = ?", id, JdbcKeyStore::user))
                .stream().findFirst();
    }

    @Override
    public List<User> users() {
        return snapshot().users();
    }

    @Override
    public VirtualKey createKey(VirtualKey key) {
        return inTransaction(c -> {
            requireTeam(c, key.teamId());
            requireUser(c, key.userId());
            try (PreparedStatement s = c.prepareStatement("INSERT INTO gh_keys (" + KEY_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + LimitColumns.PLACEHOLDERS + ", ?)")) {
                bindKey(s, key);
                s.setString(1, key.id());
                s.setLong(12 + LimitColumns.COUNT, key.createdAt().toEpochMilli());
                s.executeUpdate();
            }
            return key;
        });
    }

    @Override
    public Optional<VirtualKey> updateKey(VirtualKey key) {
        return inTransaction(c -> writeKey(c, key));
    }

    @Override
    public Optional<VirtualKey> changeKey(String id, UnaryOperator<VirtualKey> change) {
        return changeLocked(c -> lock(c, "gh_keys", id)
                ? query(c, "SELECT " + KEY_COLUMNS + " FROM gh_keys WHERE id = ?", id, JdbcKeyStore::key).stream().findFirst()
                : Optional.<VirtualKey>empty(), change, JdbcKeyStore::writeKey);
    }

    private static Optional<VirtualKey> writeKey(Connection c, VirtualKey key) throws SQLException {
        requireTeam(c, key.teamId());
        requireUser(c, key.userId());
        try (PreparedStatement s = c.prepareStatement("UPDATE gh_keys SET id = ?, key_hash = ?, key_prefix = ?, alias = ?, "
                + "team_id = ?, user_id = ?, models = ?, metadata = ?, expires_at = ?, revoked = ?, is_admin = ?, "
                + LimitColumns.ASSIGNMENTS + " WHERE id = ?")) {
            bindKey(s, key);
            s.setString(1, key.id());
            s.setString(12 + LimitColumns.COUNT, key.id());
            return s.executeUpdate() == 0 ? Optional.empty() : Optional.of(key);
        }
    }

    @FunctionalInterface
    private interface Writer<T> {
        Optional<T> write(Connection c, T row) throws SQLException;
    }

    /** Reads (under the lock {@code read} takes), changes and writes back one row in one transaction. */
    private <T> Optional<T> changeLocked(Work<Optional<T>> read, UnaryOperator<T> change, Writer<T> writer) {
        return inTransaction(c -> {
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
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET id = id WHERE id = ?")) {
            s.setString(1, id);
            return s.executeUpdate() > 0;
        }
    }

    private static void bindKey(PreparedStatement s, VirtualKey key) throws SQLException {
        s.setString(2, key.hash());
        s.setString(3, key.prefix());
        s.setString(4, key.alias());
        s.setString(5, key.teamId());
        s.setString(6, key.userId());
        s.setString(7, json(key.models()));
        s.setString(8, Json.encode(key.metadata()).toString());
        if (key.expiresAt() == null) {
            s.setNull(9, Types.BIGINT);
        } else {
            s.setLong(9, key.expiresAt().toEpochMilli());
        }
        s.setBoolean(10, key.revoked());
        s.setBoolean(11, key.admin());
        LimitColumns.bind(s, 12, key.limits());
    }

    @Override
    public Optional<VirtualKey> key(String id) {
        return inTransaction(c -> query(c, "SELECT " + KEY_COLUMNS + " FROM gh_keys WHERE id = ?", id, JdbcKeyStore::key))
                .stream().findFirst();
    }

    @Override
    public List<VirtualKey> keys() {
        return snapshot().keys();
    }

    private static void requireTeam(Connection c, String teamId) throws SQLException {
        if (teamId != null && query(c, "SELECT id FROM gh_teams WHERE id = ?", teamId, rs -> rs.getString(1)).isEmpty()) {
            throw new UnknownReference("team_id", teamId);
        }
    }

    private static void requireUser(Connection c, String userId) throws SQLException {
        if (userId != null && query(c, "SELECT id FROM gh_users WHERE id = ?", userId, rs -> rs.getString(1)).isEmpty()) {
            throw new UnknownReference("user_id", userId);
        }
    }

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(Connection c, String sql, String param, Row<T> row) throws SQLException {
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

    private static Team team(ResultSet rs) throws SQLException {
        return new Team(rs.getString("id"), rs.getString("alias"), strings(rs.getString("models")),
                object(rs.getString("metadata")), LimitColumns.read(rs), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getString("id"), rs.getString("email"), rs.getString("team_id"), object(rs.getString("metadata")),
                LimitColumns.read(rs), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static VirtualKey key(ResultSet rs) throws SQLException {
        long expires = rs.getLong("expires_at");
        Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        return new VirtualKey(rs.getString("id"), rs.getString("key_hash"), rs.getString("key_prefix"), rs.getString("alias"),
                rs.getString("team_id"), rs.getString("user_id"), strings(rs.getString("models")), object(rs.getString("metadata")),
                expiresAt, rs.getBoolean("revoked"), rs.getBoolean("is_admin"), LimitColumns.read(rs),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static String json(List<String> strings) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        strings.forEach(array::add);
        return array.toString();
    }

    private static List<String> strings(String json) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : Json.parse(json)) {
            out.add(n.asText());
        }
        return out;
    }

    private static ObjectNode object(String json) {
        JsonNode node = Json.parse(json);
        return node instanceof ObjectNode o ? o : Json.object();
    }
}
