package dev.gatehouse.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.RequestOption;
import dev.gatehouse.json.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How teams, users and keys map to rows of {@code gh_teams}, {@code gh_users} and {@code gh_keys}:
 * the column lists, binding a record's fields to a statement (parameter 1, the id, and the last one
 * are left to the caller, which differ between INSERT and UPDATE), and reading a record back.
 */
final class KeyRows {

    static final String TEAM_COLUMNS =
            "id, alias, models, metadata, " + LimitColumns.NAMES + ", created_at, guardrails";
    static final String USER_COLUMNS = "id, email, team_id, metadata, " + LimitColumns.NAMES + ", created_at";
    static final String KEY_COLUMNS = "id, key_hash, key_prefix, alias, team_id, user_id, models, metadata, "
            + "expires_at, revoked, is_admin, " + LimitColumns.NAMES + ", created_at, allowed_options, guardrails";

    private KeyRows() {}

    static void bindTeam(PreparedStatement s, Team team) throws SQLException {
        s.setString(2, team.alias());
        s.setString(3, json(team.models()));
        s.setString(4, Json.encode(team.metadata()).toString());
        LimitColumns.bind(s, 5, team.limits());
    }

    static void bindUser(PreparedStatement s, User user) throws SQLException {
        s.setString(2, user.email());
        s.setString(3, user.teamId());
        s.setString(4, Json.encode(user.metadata()).toString());
        LimitColumns.bind(s, 5, user.limits());
    }

    static void bindKey(PreparedStatement s, VirtualKey key) throws SQLException {
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

    /** The {@code allowed_options} column of a key: null for the default, else a JSON list of names. */
    static @Nullable String allowedOptions(VirtualKey key) {
        return key.allowedOptions() == null ? null : options(key.allowedOptions());
    }

    /** A key's allowed options as a JSON list of wire names, in the enum's order. */
    private static String options(Set<RequestOption> options) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (RequestOption o : RequestOption.values()) {
            if (options.contains(o)) {
                array.add(o.wire());
            }
        }
        return array.toString();
    }

    /** Names a later version no longer knows are dropped: such a key may use less, never more. */
    private static @Nullable Set<RequestOption> options(@Nullable String json) {
        if (json == null) {
            return null;
        }
        Set<RequestOption> out = EnumSet.noneOf(RequestOption.class);
        for (JsonNode n : Json.parse(json)) {
            RequestOption o = RequestOption.parse(n.asText());
            if (o != null) {
                out.add(o);
            }
        }
        return out;
    }

    static Team team(ResultSet rs) throws SQLException {
        return new Team(
                rs.getString("id"),
                rs.getString("alias"),
                strings(rs.getString("models")),
                object(rs.getString("metadata")),
                LimitColumns.read(rs),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                GuardrailColumn.read(rs.getString("guardrails")));
    }

    static User user(ResultSet rs) throws SQLException {
        return new User(
                rs.getString("id"),
                rs.getString("email"),
                rs.getString("team_id"),
                object(rs.getString("metadata")),
                LimitColumns.read(rs),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    static VirtualKey key(ResultSet rs) throws SQLException {
        long expires = rs.getLong("expires_at");
        Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        return new VirtualKey(
                rs.getString("id"),
                rs.getString("key_hash"),
                rs.getString("key_prefix"),
                rs.getString("alias"),
                rs.getString("team_id"),
                rs.getString("user_id"),
                strings(rs.getString("models")),
                object(rs.getString("metadata")),
                expiresAt,
                rs.getBoolean("revoked"),
                rs.getBoolean("is_admin"),
                LimitColumns.read(rs),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                options(rs.getString("allowed_options")),
                GuardrailColumn.read(rs.getString("guardrails")));
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
