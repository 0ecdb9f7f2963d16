package dev.gatehouse.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The usage store on SQLite or PostgreSQL (schema {@code V200__usage.sql} of each dialect). A batch
 * is one transaction: a multi-row {@code INSERT ... ON CONFLICT (request_id) DO NOTHING RETURNING
 * request_id} (both dialects accept it; SQLite since 3.35), then the tags and the daily and hourly rollups of
 * exactly the rows that came back, so replaying a batch changes nothing; then the batch's
 * {@linkplain UsageRecord#correction corrections}. Blocking; thread-safe.
 */
public final class JdbcUsageStore implements UsageStore {

    static final String COLUMNS =
            "request_id, time_ms, day, key_id, user_id, team_id, tags, public_model, provider, deployment, "
                    + "input_tokens, cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens, estimated, cost_usd, latency_ms, ttft_ms, "
                    + "status, "
                    + "error_type, cache, attempts, fallback, metadata, saved_usd, endpoint, guardrails, "
                    + "mcp_server, mcp_tool, bytes_in, bytes_out, prompt_id, prompt_version, prompt_arm";
    private static final int COLUMN_COUNT = 35;
    /** Keeps a statement under SQLite's default limit of 32,766 parameters. */
    private static final int ROWS_PER_STATEMENT = 500;

    private static final String ROW = "(" + "?,".repeat(COLUMN_COUNT - 1) + "?)";
    private static final Map<Integer, String> INSERT_SQL = new ConcurrentHashMap<>();
    private static final String TAGS_SQL =
            "INSERT INTO usage_tags (request_id, tag, time_ms) VALUES (?, ?, ?) ON CONFLICT (request_id, tag) DO NOTHING";
    private final DataSource dataSource;
    private final boolean postgres;
    private final KeptStatements statements = new KeptStatements();

    public JdbcUsageStore(DataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
    }

    @Override
    public int insert(List<UsageRecord> records) {
        if (records.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<UsageRecord> requests = new ArrayList<>(records.size());
                List<UsageRecord> corrections = new ArrayList<>();
                for (UsageRecord r : records) {
                    (r.correction() ? corrections : requests).add(r);
                }
                List<UsageRecord> fresh = new ArrayList<>(requests.size());
                List<UsageRecord> rows = dedupe(requests);
                int at = 0;
                while (at < rows.size()) {
                    int n = rowsPerStatement(rows.size() - at);
                    insertRows(c, rows.subList(at, at + n), fresh);
                    at += n;
                }
                insertTags(c, fresh);
                DailyRollups.add(c, statements, fresh);
                HourlyRollups.add(c, statements, fresh);
                RollupErrors.correct(c, corrections);
                applyCorrections(c, corrections);
                c.commit();
                return fresh.size();
            } catch (SQLException | RuntimeException e) {
                statements.forget(c);
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            String message = "storing " + records.size() + " usage records failed: " + e.getMessage();
            String refusal = refusal(e);
            throw refusal == null
                    ? new UsageStoreException(message, e)
                    : UsageStoreException.rejected(message, e, refusal);
        }
    }

    /**
     * How many of {@code left} rows the next statement inserts: a full statement, else the largest
     * power of two that fits, so that whatever the batch's size every statement is one of eleven
     * shapes, each compiled once per connection.
     */
    static int rowsPerStatement(int left) {
        return left >= ROWS_PER_STATEMENT ? ROWS_PER_STATEMENT : Integer.highestOneBit(left);
    }

    /**
     * The error code when the database refused the data rather than failed, else {@code null}. On
     * PostgreSQL, SQLState classes 22 (data exception, such as a NUL in a text value) and 23 (integrity
     * constraint violation); on SQLite, whose driver sets no SQLState, the result codes TOOBIG (18),
     * CONSTRAINT (19) and MISMATCH (20).
     */
    private @Nullable String refusal(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (SQLException e = t instanceof SQLException sql ? sql : null; e != null; e = e.getNextException()) {
                if (postgres) {
                    String state = e.getSQLState();
                    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                        return state;
                    }
                } else {
                    String code = switch (e.getErrorCode()) {
                        case 18 -> "SQLITE_TOOBIG";
                        case 19 -> "SQLITE_CONSTRAINT";
                        case 20 -> "SQLITE_MISMATCH";
                        default -> null;
                    };
                    if (code != null) {
                        return code;
                    }
                }
            }
        }
        return null;
    }

    /** One statement may not name a conflicting id twice (PostgreSQL rejects it), so keep the first. */
    private static List<UsageRecord> dedupe(List<UsageRecord> rows) {
        Map<String, UsageRecord> byId = new LinkedHashMap<>();
        for (UsageRecord r : rows) {
            byId.putIfAbsent(r.requestId(), r);
        }
        return new ArrayList<>(byId.values());
    }

    /** Inserts {@code rows} in one statement and adds those that were new to {@code fresh}. */
    private void insertRows(Connection c, List<UsageRecord> rows, List<UsageRecord> fresh) throws SQLException {
        Map<String, UsageRecord> byId = new HashMap<>(rows.size() * 2);
        PreparedStatement ps = statements.get(c, insertSql(rows.size()));
        int p = 1;
        for (UsageRecord r : rows) {
            byId.put(r.requestId(), r);
            ps.setString(p++, r.requestId());
            ps.setLong(p++, r.timeMs());
            ps.setString(p++, RollupPeriods.day(r.timeMs()));
            ps.setString(p++, r.keyId());
            ps.setString(p++, r.userId());
            ps.setString(p++, r.teamId());
            ps.setString(p++, r.tags().isEmpty() ? "" : String.join(",", r.tags()));
            ps.setString(p++, r.publicModel());
            ps.setString(p++, r.provider());
            ps.setString(p++, r.deployment());
            ps.setLong(p++, r.inputTokens());
            ps.setLong(p++, r.cachedTokens());
            ps.setLong(p++, r.cacheWriteTokens());
            ps.setLong(p++, r.outputTokens());
            ps.setLong(p++, r.reasoningTokens());
            ps.setBoolean(p++, r.estimated());
            setDouble(ps, p++, r.costUsd());
            ps.setDouble(p++, r.latencyMs());
            setDouble(ps, p++, r.ttftMs());
            ps.setInt(p++, r.status());
            ps.setString(p++, r.errorType());
            ps.setString(p++, r.cache());
            ps.setInt(p++, r.attempts());
            ps.setBoolean(p++, r.fallback());
            ps.setString(p++, metadataJson(r.metadata()));
            setDouble(ps, p++, r.savedUsd());
            ps.setString(p++, r.endpoint());
            ps.setString(p++, guardrailsJson(r.guardrails()));
            ps.setString(p++, r.mcpServer());
            ps.setString(p++, r.mcpTool());
            ps.setLong(p++, r.bytesIn());
            ps.setLong(p++, r.bytesOut());
            ps.setString(p++, r.promptId());
            if (r.promptVersion() == null) {
                ps.setNull(p++, Types.INTEGER);
            } else {
                ps.setInt(p++, r.promptVersion());
            }
            ps.setString(p++, r.promptArm());
        }
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                fresh.add(byId.get(rs.getString(1)));
            }
        }
    }

    /** The insert of {@code rows} rows; built once per size, as its text is also the statement's key. */
    private static String insertSql(int rows) {
        String sql = INSERT_SQL.get(rows);
        if (sql == null) {
            StringBuilder b = new StringBuilder("INSERT INTO usage_records (")
                    .append(COLUMNS)
                    .append(") VALUES ");
            for (int i = 0; i < rows; i++) {
                b.append(i == 0 ? "" : ",").append(ROW);
            }
            sql = b.append(" ON CONFLICT (request_id) DO NOTHING RETURNING request_id")
                    .toString();
            INSERT_SQL.put(rows, sql);
        }
        return sql;
    }

    /**
     * Sets the status and error type that corrections carry on the records they correct, after the
     * batch's inserts, since a correction may arrive in the same batch as its record. The rollups'
     * error counts were moved just before ({@link RollupErrors}); applying one again changes nothing.
     */
    private static void applyCorrections(Connection c, List<UsageRecord> corrections) throws SQLException {
        if (corrections.isEmpty()) {
            return;
        }
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE usage_records SET status = ?, error_type = ? WHERE request_id = ?")) {
            for (UsageRecord r : corrections) {
                ps.setInt(1, r.status());
                ps.setString(2, r.errorType());
                ps.setString(3, r.requestId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertTags(Connection c, List<UsageRecord> fresh) throws SQLException {
        PreparedStatement ps = null;
        for (UsageRecord r : fresh) {
            if (r.tags().isEmpty()) {
                continue;
            }
            if (ps == null) {
                ps = statements.get(c, TAGS_SQL);
            }
            for (String tag : new HashSet<>(r.tags())) {
                ps.setString(1, r.requestId());
                ps.setString(2, tag);
                ps.setLong(3, r.timeMs());
                ps.addBatch();
            }
        }
        if (ps != null) {
            ps.executeBatch();
        }
    }

    @Override
    public List<UsageReportRow> report(UsageQuery query) {
        UsageReportSql sql = UsageReportSql.of(query, postgres);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.text())) {
            for (int i = 0; i < sql.parameters().size(); i++) {
                ps.setObject(i + 1, sql.parameters().get(i));
            }
            List<UsageReportRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<UsageDimension, String> dims = new LinkedHashMap<>();
                    for (UsageDimension d : query.groupBy()) {
                        String v = rs.getString(d.column());
                        dims.put(d, v == null || v.isEmpty() ? null : v);
                    }
                    rows.add(new UsageReportRow(
                            query.bucket() == null ? null : rs.getString("bucket"),
                            dims,
                            rs.getLong("requests"),
                            rs.getLong("input_tokens"),
                            rs.getLong("cached_tokens"),
                            rs.getLong("cache_write_tokens"),
                            rs.getLong("output_tokens"),
                            rs.getLong("reasoning_tokens"),
                            rs.getDouble("cost_usd"),
                            rs.getLong("unpriced"),
                            rs.getDouble("saved_usd")));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new UsageStoreException("usage report failed: " + e.getMessage(), e);
        }
    }

    @Override
    public @Nullable UsageRecord find(String requestId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT " + COLUMNS + " FROM usage_records WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        } catch (SQLException e) {
            throw new UsageStoreException("reading usage record failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long count() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM usage_records");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new UsageStoreException("counting usage records failed: " + e.getMessage(), e);
        }
    }

    static UsageRecord read(ResultSet rs) throws SQLException {
        String tags = rs.getString("tags");
        return UsageRecord.builder()
                .requestId(rs.getString("request_id"))
                .timeMs(rs.getLong("time_ms"))
                .keyId(rs.getString("key_id"))
                .userId(rs.getString("user_id"))
                .teamId(rs.getString("team_id"))
                .tags(tags == null || tags.isEmpty() ? List.of() : List.of(tags.split(",")))
                .publicModel(rs.getString("public_model"))
                .provider(rs.getString("provider"))
                .deployment(rs.getString("deployment"))
                .inputTokens(rs.getLong("input_tokens"))
                .cachedTokens(rs.getLong("cached_tokens"))
                .cacheWriteTokens(rs.getLong("cache_write_tokens"))
                .outputTokens(rs.getLong("output_tokens"))
                .reasoningTokens(rs.getLong("reasoning_tokens"))
                .estimated(rs.getBoolean("estimated"))
                .costUsd(nullableDouble(rs, "cost_usd"))
                .latencyMs(rs.getDouble("latency_ms"))
                .ttftMs(nullableDouble(rs, "ttft_ms"))
                .endpoint(rs.getString("endpoint"))
                .status(rs.getInt("status"))
                .errorType(rs.getString("error_type"))
                .cache(rs.getString("cache"))
                .attempts(rs.getInt("attempts"))
                .fallback(rs.getBoolean("fallback"))
                .metadata(metadata(rs.getString("metadata")))
                .savedUsd(nullableDouble(rs, "saved_usd"))
                .guardrails(guardrails(rs.getString("guardrails")))
                .mcpServer(rs.getString("mcp_server"))
                .mcpTool(rs.getString("mcp_tool"))
                .bytesIn(rs.getLong("bytes_in"))
                .bytesOut(rs.getLong("bytes_out"))
                .prompt(rs.getString("prompt_id"), nullableInt(rs, "prompt_version"), rs.getString("prompt_arm"))
                .build();
    }

    private static @Nullable String metadataJson(Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return null;
        }
        ObjectNode out = Json.object();
        metadata.forEach(out::put);
        return out.toString();
    }

    private static Map<String, String> metadata(@Nullable String json) {
        if (json == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        Json.parse(json)
                .properties()
                .forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** {@code [{"name","direction","action","findings","ms"}]}, or NULL when no guardrail ran. */
    private static @Nullable String guardrailsJson(List<GuardrailCheck> checks) {
        if (checks.isEmpty()) {
            return null;
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (GuardrailCheck check : checks) {
            ObjectNode o = out.addObject();
            o.put("name", check.name());
            o.put("direction", check.direction());
            o.put("action", check.action());
            ArrayNode findings = o.putArray("findings");
            check.findings().forEach(findings::add);
            o.put("ms", check.ms());
        }
        return out.toString();
    }

    private static List<GuardrailCheck> guardrails(@Nullable String json) {
        if (json == null) {
            return List.of();
        }
        List<GuardrailCheck> out = new ArrayList<>();
        for (JsonNode o : Json.parse(json)) {
            List<String> findings = new ArrayList<>();
            o.path("findings").forEach(f -> findings.add(f.asText()));
            out.add(new GuardrailCheck(
                    o.path("name").asText(),
                    o.path("direction").asText(),
                    o.path("action").asText(),
                    findings,
                    o.path("ms").asDouble()));
        }
        return out;
    }

    private static @Nullable Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static @Nullable Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static void setDouble(PreparedStatement ps, int index, @Nullable Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    static String day(long timeMs) {
        return RollupPeriods.day(timeMs);
    }

    private static String blank(@Nullable String s) {
        return s == null ? "" : s;
    }
}
