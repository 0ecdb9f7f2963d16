package dev.gatehouse.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.gatehouse.config.McpAccessRule;
import dev.gatehouse.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The stored access rules of keys and teams ({@code mcp_access}, migration V320), written by the
 * admin API. Lists are JSON arrays in text columns (the SQL both SQLite and PostgreSQL accept).
 * Blocks (JDBC): worker threads only.
 */
public final class McpAccessStore {

    /** Whose rule it is. */
    public enum Scope {
        KEY,
        TEAM;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One stored rule. */
    public record StoredRule(Scope scope, String id, McpAccessRule rule) {}

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final DataSource dataSource;

    public McpAccessStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<StoredRule> all() {
        List<StoredRule> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT scope, scope_id, allow_servers, deny_servers, "
                        + "allow_tools, deny_tools FROM mcp_access ORDER BY scope, scope_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredRule(
                        Scope.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)),
                        rs.getString(2),
                        new McpAccessRule(
                                list(rs.getString(3)),
                                list(rs.getString(4)),
                                list(rs.getString(5)),
                                list(rs.getString(6)))));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading mcp_access failed: " + e.getMessage(), e);
        }
    }

    public @Nullable McpAccessRule find(Scope scope, String id) {
        for (StoredRule rule : all()) {
            if (rule.scope() == scope && rule.id().equals(id)) {
                return rule.rule();
            }
        }
        return null;
    }

    public void put(Scope scope, String id, McpAccessRule rule, long nowMs) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO mcp_access (scope, scope_id, allow_servers, "
                        + "deny_servers, allow_tools, deny_tools, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (scope, scope_id) DO UPDATE SET allow_servers = excluded.allow_servers, "
                        + "deny_servers = excluded.deny_servers, allow_tools = excluded.allow_tools, "
                        + "deny_tools = excluded.deny_tools, updated_ms = excluded.updated_ms")) {
            ps.setString(1, scope.column());
            ps.setString(2, id);
            ps.setString(3, text(rule.allowServers()));
            ps.setString(4, text(rule.denyServers()));
            ps.setString(5, text(rule.allowTools()));
            ps.setString(6, text(rule.denyTools()));
            ps.setLong(7, nowMs);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("writing mcp_access failed: " + e.getMessage(), e);
        }
    }

    /** @return whether there was a rule */
    public boolean delete(Scope scope, String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM mcp_access WHERE scope = ? AND scope_id = ?")) {
            ps.setString(1, scope.column());
            ps.setString(2, id);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("deleting from mcp_access failed: " + e.getMessage(), e);
        }
    }

    private static String text(List<String> names) {
        try {
            return Json.MAPPER.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(String text) {
        try {
            return Json.MAPPER.readValue(text, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("mcp_access holds a list that is not JSON: " + e.getMessage(), e);
        }
    }
}
