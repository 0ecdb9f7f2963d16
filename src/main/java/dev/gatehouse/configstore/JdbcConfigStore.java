package dev.gatehouse.configstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The config store on SQLite or PostgreSQL (schema {@code V350__stored_config.sql} of each dialect),
 * in the SQL both accept. Every write transaction starts by moving the change sequence, a write that
 * takes PostgreSQL's row lock and SQLite's write lock first, so writes run one at a time and each
 * audit row gets the sequence number of its change. Blocking; thread-safe.
 */
public final class JdbcConfigStore implements ConfigStore {

    private final DataSource dataSource;

    public JdbcConfigStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @Override
    public List<StoredEntry> all() {
        return read(c -> entries(c, null, null));
    }

    @Override
    public Optional<StoredEntry> find(EntryKind kind, String name) {
        return read(c -> entries(c, kind, name)).stream().findFirst();
    }

    @Override
    public boolean put(StoredEntry entry) {
        return write(entry.kind(), entry.name(), entry.updatedAt(), c -> {
            int updated;
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE gh_config_entries SET definition = ?, sealed_secrets = ?, updated_ms = ?"
                            + " WHERE kind = ? AND name = ?")) {
                ps.setString(1, entry.definition().toString());
                ps.setString(2, entry.sealedSecrets());
                ps.setLong(3, entry.updatedAt().toEpochMilli());
                ps.setString(4, entry.kind().wire());
                ps.setString(5, entry.name());
                updated = ps.executeUpdate();
            }
            if (updated > 0) {
                return new Outcome<>(false, "replace");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_config_entries"
                    + " (kind, name, definition, sealed_secrets, updated_ms) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, entry.kind().wire());
                ps.setString(2, entry.name());
                ps.setString(3, entry.definition().toString());
                ps.setString(4, entry.sealedSecrets());
                ps.setLong(5, entry.updatedAt().toEpochMilli());
                ps.executeUpdate();
            }
            return new Outcome<>(true, "create");
        });
    }

    @Override
    public boolean delete(EntryKind kind, String name, Instant at) {
        return write(kind, name, at, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM gh_config_entries WHERE kind = ? AND name = ?")) {
                ps.setString(1, kind.wire());
                ps.setString(2, name);
                boolean deleted = ps.executeUpdate() > 0;
                return new Outcome<>(deleted, deleted ? "delete" : null);
            }
        });
    }

    @Override
    public long changeSequence() {
        return read(JdbcConfigStore::sequence);
    }

    private static long sequence(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM gh_config_changes WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<StoredEntry> entries(Connection c, @Nullable EntryKind kind, @Nullable String name)
            throws SQLException {
        String sql = "SELECT kind, name, definition, sealed_secrets, updated_ms FROM gh_config_entries"
                + (kind == null ? "" : " WHERE kind = ? AND name = ?")
                + " ORDER BY CASE kind WHEN 'provider' THEN 0 ELSE 1 END, name";
        List<StoredEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (kind != null) {
                ps.setString(1, kind.wire());
                ps.setString(2, name);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    EntryKind k = EntryKind.parse(rs.getString(1));
                    JsonNode definition = Json.parse(rs.getString(3));
                    if (k != null && definition instanceof ObjectNode object) {
                        out.add(new StoredEntry(
                                k, rs.getString(2), object, rs.getString(4), Instant.ofEpochMilli(rs.getLong(5))));
                    }
                }
            }
        }
        return out;
    }

    /** What a write did, and the audit action to record for it (none when nothing changed). */
    private record Outcome<T>(T result, @Nullable String action) {}

    private <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("config store read failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction that first moves the change sequence and ends with its audit row. */
    private <T> T write(EntryKind kind, String name, Instant at, Work<Outcome<T>> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE gh_config_changes SET seq = seq + 1 WHERE id = 1")) {
                    ps.executeUpdate();
                }
                Outcome<T> outcome = work.run(c);
                if (outcome.action() == null) {
                    c.rollback();
                    return outcome.result();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO gh_config_audit (seq, kind, name, action, at_ms) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setLong(1, sequence(c));
                    ps.setString(2, kind.wire());
                    ps.setString(3, name);
                    ps.setString(4, outcome.action());
                    ps.setLong(5, at.toEpochMilli());
                    ps.executeUpdate();
                }
                c.commit();
                return outcome.result();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("config store write failed: " + e.getMessage(), e);
        }
    }
}
