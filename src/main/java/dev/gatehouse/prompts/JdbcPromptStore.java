package dev.gatehouse.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.auth.DuplicateId;
import dev.gatehouse.json.Json;
import dev.gatehouse.prompts.template.LabelTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The prompt store on SQLite or PostgreSQL (schema {@code V300__prompt_templates.sql} of each
 * dialect), in the SQL both accept. Every write transaction starts by moving the change sequence, a
 * write that takes PostgreSQL's row lock and SQLite's write lock first, so writes run one at a time.
 * Blocking; thread-safe.
 */
public final class JdbcPromptStore implements PromptStore {

    private final DataSource dataSource;

    public JdbcPromptStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @Override
    public List<StoredTemplate> all() {
        return read(c -> templates(c, null));
    }

    @Override
    public Optional<StoredTemplate> find(String id) {
        return read(c -> templates(c, id)).stream().findFirst();
    }

    @Override
    public void create(String id, Instant at) {
        write(c -> {
            if (exists(c, id)) {
                throw new DuplicateId("A prompt template with id '" + id + "' already exists.");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_prompts (id, created_ms) VALUES (?, ?)")) {
                ps.setString(1, id);
                ps.setLong(2, at.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public OptionalInt addVersion(String id, JsonNode definition, Instant at) {
        return write(c -> {
            if (!exists(c, id)) {
                return OptionalInt.empty();
            }
            int next;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM gh_prompt_versions WHERE prompt_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    next = rs.getInt(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO gh_prompt_versions (prompt_id, version, definition, created_ms) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setInt(2, next);
                ps.setString(3, definition.toString());
                ps.setLong(4, at.toEpochMilli());
                ps.executeUpdate();
            }
            return OptionalInt.of(next);
        });
    }

    @Override
    public LabelOutcome setLabel(String id, String label, LabelTarget target, Instant at) {
        return write(c -> {
            if (!exists(c, id)) {
                return LabelOutcome.NO_TEMPLATE;
            }
            Set<Integer> versions = new HashSet<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT version FROM gh_prompt_versions WHERE prompt_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        versions.add(rs.getInt(1));
                    }
                }
            }
            for (LabelTarget.Arm arm : target.arms()) {
                if (!versions.contains(arm.version())) {
                    return LabelOutcome.NO_VERSION;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO gh_prompt_labels (prompt_id, label, target, updated_ms) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT (prompt_id, label) DO UPDATE SET target = excluded.target, "
                            + "updated_ms = excluded.updated_ms")) {
                ps.setString(1, id);
                ps.setString(2, label);
                ps.setString(3, target.toJson().toString());
                ps.setLong(4, at.toEpochMilli());
                ps.executeUpdate();
            }
            return LabelOutcome.SET;
        });
    }

    @Override
    public boolean deleteLabel(String id, String label) {
        return write(c -> update(c, "DELETE FROM gh_prompt_labels WHERE prompt_id = ? AND label = ?", id, label) > 0);
    }

    @Override
    public boolean delete(String id) {
        return write(c -> {
            update(c, "DELETE FROM gh_prompt_labels WHERE prompt_id = ?", id, null);
            update(c, "DELETE FROM gh_prompt_versions WHERE prompt_id = ?", id, null);
            return update(c, "DELETE FROM gh_prompts WHERE id = ?", id, null) > 0;
        });
    }

    @Override
    public long changeSequence() {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM gh_prompt_changes WHERE id = 1");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static List<StoredTemplate> templates(Connection c, @Nullable String only) throws SQLException {
        String where = only == null ? "" : " WHERE prompt_id = ?";
        Map<String, Instant> created = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, created_ms FROM gh_prompts" + (only == null ? "" : " WHERE id = ?") + " ORDER BY id")) {
            if (only != null) {
                ps.setString(1, only);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    created.put(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)));
                }
            }
        }
        Map<String, List<StoredVersion>> versions = new LinkedHashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT prompt_id, version, definition, created_ms FROM gh_prompt_versions" + where
                        + " ORDER BY prompt_id, version")) {
            if (only != null) {
                ps.setString(1, only);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new StoredVersion(
                                    rs.getInt(2), Json.parse(rs.getString(3)), Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
        }
        Map<String, Map<String, JsonNode>> labels = new LinkedHashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT prompt_id, label, target FROM gh_prompt_labels" + where)) {
            if (only != null) {
                ps.setString(1, only);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    labels.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), Json.parse(rs.getString(3)));
                }
            }
        }
        List<StoredTemplate> out = new ArrayList<>();
        created.forEach((id, at) -> out.add(
                new StoredTemplate(id, at, versions.getOrDefault(id, List.of()), labels.getOrDefault(id, Map.of()))));
        return out;
    }

    private static boolean exists(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM gh_prompts WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int update(Connection c, String sql, String a, @Nullable String b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, a);
            if (b != null) {
                ps.setString(2, b);
            }
            return ps.executeUpdate();
        }
    }

    private <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("prompt store read failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction that first moves the change sequence. */
    private <T> T write(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps =
                        c.prepareStatement("UPDATE gh_prompt_changes SET seq = seq + 1 WHERE id = 1")) {
                    ps.executeUpdate();
                }
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
            throw new IllegalStateException("prompt store write failed: " + e.getMessage(), e);
        }
    }
}
