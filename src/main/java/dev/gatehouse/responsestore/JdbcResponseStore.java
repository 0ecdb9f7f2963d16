package dev.gatehouse.responsestore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link ResponseStore} in the store's {@code gh_responses} table (SQLite or PostgreSQL, schema
 * {@code V240__responses.sql}), with SQL both accept. Blocking; thread-safe.
 */
public final class JdbcResponseStore implements ResponseStore {

    private final DataSource dataSource;

    public JdbcResponseStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void save(StoredResponse r) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO gh_responses (id, owner, key_id, previous_id, created_ms, expires_ms, input_items, response) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, "
                                + "key_id = excluded.key_id, previous_id = excluded.previous_id, created_ms = excluded.created_ms, "
                                + "expires_ms = excluded.expires_ms, input_items = excluded.input_items, response = excluded.response")) {
            ps.setString(1, r.id());
            ps.setString(2, r.owner());
            ps.setString(3, r.keyId());
            ps.setString(4, r.previousId());
            ps.setLong(5, r.createdMs());
            ps.setLong(6, r.expiresMs());
            ps.setString(7, r.inputItems());
            ps.setString(8, r.response());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("keeping response " + r.id() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredResponse> find(String id, String owner, long nowMs) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT key_id, previous_id, created_ms, expires_ms, input_items, response FROM gh_responses "
                                + "WHERE id = ? AND owner = ? AND expires_ms > ?")) {
            ps.setString(1, id);
            ps.setString(2, owner);
            ps.setLong(3, nowMs);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredResponse(
                        id,
                        owner,
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getString(5),
                        rs.getString(6)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading response " + id + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(String id, String owner, long nowMs) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("DELETE FROM gh_responses WHERE id = ? AND owner = ? AND expires_ms > ?")) {
            ps.setString(1, id);
            ps.setString(2, owner);
            ps.setLong(3, nowMs);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("deleting response " + id + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int purgeExpired(long nowMs) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM gh_responses WHERE expires_ms <= ?")) {
            ps.setLong(1, nowMs);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("purging expired responses failed: " + e.getMessage(), e);
        }
    }
}
