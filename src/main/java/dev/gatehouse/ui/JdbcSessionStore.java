package dev.gatehouse.ui;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** {@link SessionStore} in {@code ui_sessions} (migration V310) on SQLite or PostgreSQL. Blocking; thread-safe. */
final class JdbcSessionStore implements SessionStore {

    private final DataSource dataSource;

    JdbcSessionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void create(Session s, Instant now) {
        update(
                "INSERT INTO ui_sessions (id_hash, role, team_id, key_hash, csrf, created_ms, expires_ms) VALUES (?,?,?,?,?,?,?)",
                ps -> {
                    ps.setString(1, s.idHash());
                    ps.setString(2, s.role().name());
                    ps.setString(3, s.teamId());
                    ps.setString(4, s.keyHash());
                    ps.setString(5, s.csrf());
                    ps.setLong(6, now.toEpochMilli());
                    ps.setLong(7, s.expiresAt().toEpochMilli());
                });
    }

    @Override
    public @Nullable Session find(String idHash, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT role, team_id, key_hash, csrf, expires_ms FROM ui_sessions WHERE id_hash = ? AND expires_ms > ?")) {
            ps.setString(1, idHash);
            ps.setLong(2, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Session(
                        idHash,
                        Role.valueOf(rs.getString(1)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading a dashboard session failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String idHash) {
        update("DELETE FROM ui_sessions WHERE id_hash = ?", ps -> ps.setString(1, idHash));
    }

    @Override
    public void purge(Instant now) {
        update("DELETE FROM ui_sessions WHERE expires_ms <= ?", ps -> ps.setLong(1, now.toEpochMilli()));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("writing dashboard sessions failed: " + e.getMessage(), e);
        }
    }
}
