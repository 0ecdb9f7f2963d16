package dev.gatehouse.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The limit and budget columns every scope table shares, in one order, for {@link JdbcKeyStore}. */
final class LimitColumns {

    static final String NAMES = "rpm_limit, tpm_limit, input_tpm_limit, output_tpm_limit, max_parallel_requests, "
            + "max_budget, budget_duration, soft_budget, model_limits, scheduling";
    static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    static final String ASSIGNMENTS = "rpm_limit = ?, tpm_limit = ?, input_tpm_limit = ?, output_tpm_limit = ?, "
            + "max_parallel_requests = ?, max_budget = ?, budget_duration = ?, soft_budget = ?, model_limits = ?, scheduling = ?";
    static final int COUNT = 10;

    private LimitColumns() {}

    /** Binds {@code limits} to the {@link #COUNT} parameters starting at {@code first}. */
    static void bind(PreparedStatement s, int first, Limits limits) throws SQLException {
        setLong(s, first, limits.rpmLimit());
        setLong(s, first + 1, limits.tpmLimit());
        setLong(s, first + 2, limits.inputTpmLimit());
        setLong(s, first + 3, limits.outputTpmLimit());
        setLong(s, first + 4, limits.maxParallelRequests());
        setDouble(s, first + 5, limits.maxBudget());
        s.setString(
                first + 6,
                limits.budgetDuration() == null ? null : limits.budgetDuration().wire());
        setDouble(s, first + 7, limits.softBudget());
        s.setString(first + 8, modelLimits(limits));
        s.setString(first + 9, SchedulingColumn.write(limits.scheduling()));
    }

    /** Per-model limits as {@code {"rpm":{model:n},"tpm":{model:n}}}, or null when there are none. */
    private static @Nullable String modelLimits(Limits limits) {
        if (limits.modelRpmLimit().isEmpty() && limits.modelTpmLimit().isEmpty()) {
            return null;
        }
        ObjectNode out = Json.object();
        limits.modelRpmLimit().forEach(out.putObject("rpm")::put);
        limits.modelTpmLimit().forEach(out.putObject("tpm")::put);
        return out.toString();
    }

    private static Map<String, Long> perModel(@Nullable JsonNode node) {
        Map<String, Long> out = new HashMap<>();
        if (node != null) {
            node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
        }
        return out;
    }

    static Limits read(ResultSet rs) throws SQLException {
        String duration = rs.getString("budget_duration");
        String models = rs.getString("model_limits");
        JsonNode perModel = models == null ? null : Json.parse(models);
        return new Limits(
                getLong(rs, "rpm_limit"),
                getLong(rs, "tpm_limit"),
                getLong(rs, "input_tpm_limit"),
                getLong(rs, "output_tpm_limit"),
                getLong(rs, "max_parallel_requests"),
                getDouble(rs, "max_budget"),
                duration == null ? null : BudgetPeriod.parse(duration),
                getDouble(rs, "soft_budget"),
                perModel(perModel == null ? null : perModel.get("rpm")),
                perModel(perModel == null ? null : perModel.get("tpm")),
                SchedulingColumn.read(rs.getString("scheduling")));
    }

    private static void setLong(PreparedStatement s, int i, @Nullable Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }

    private static void setDouble(PreparedStatement s, int i, @Nullable Double v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.DOUBLE);
        } else {
            s.setDouble(i, v);
        }
    }

    private static @Nullable Long getLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static @Nullable Double getDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
