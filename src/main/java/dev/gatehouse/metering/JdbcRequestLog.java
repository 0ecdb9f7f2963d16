package dev.gatehouse.metering;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * {@link RequestLog} on SQLite or PostgreSQL. Pages use keyset pagination on {@code (time_ms,
 * request_id)} over the indexes of migration V310, so a page costs the same at any depth; hours
 * read {@code usage_hourly}. Blocking; thread-safe.
 */
public final class JdbcRequestLog implements RequestLog {

    private final DataSource dataSource;

    public JdbcRequestLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Page recent(Filter filter, @Nullable Cursor after, int limit) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (filter.keyId() != null) {
            where.add("key_id = ?");
            params.add(filter.keyId());
        }
        if (filter.teamId() != null) {
            where.add("team_id = ?");
            params.add(filter.teamId());
        }
        if (filter.model() != null) {
            where.add("public_model = ?");
            params.add(filter.model());
        }
        if ("ok".equals(filter.outcome())) {
            where.add("status < 400");
        } else if ("error".equals(filter.outcome())) {
            where.add("status >= 400");
        }
        if (filter.cache() != null) {
            where.add("cache = ?");
            params.add(filter.cache());
        }
        if (after != null) {
            where.add("(time_ms < ? OR (time_ms = ? AND request_id < ?))");
            params.add(after.timeMs());
            params.add(after.timeMs());
            params.add(after.requestId());
        }
        String sql = "SELECT " + JdbcUsageStore.COLUMNS + " FROM usage_records"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY time_ms DESC, request_id DESC LIMIT ?";
        params.add(limit + 1);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            List<UsageRecord> records = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(JdbcUsageStore.read(rs));
                }
            }
            if (records.size() <= limit) {
                return new Page(records, null);
            }
            UsageRecord last = records.get(limit - 1);
            return new Page(
                    records.subList(0, limit),
                    new Cursor(
                            last.timeMs(),
                            java.util.Objects.requireNonNull(last.requestId(), "stored records have ids")));
        } catch (SQLException e) {
            throw new UsageStoreException("reading the request log failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Day> daily(LocalDate from, LocalDate to, @Nullable String teamId) {
        String sql = "SELECT day, SUM(requests), SUM(errors), SUM(cost_usd), SUM(saved_usd) FROM usage_daily "
                + "WHERE day >= ? AND day < ?" + (teamId == null ? "" : " AND team_id = ?")
                + " GROUP BY day ORDER BY day";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, from.toString());
            ps.setString(2, to.toString());
            if (teamId != null) {
                ps.setString(3, teamId);
            }
            List<Day> days = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    days.add(new Day(
                            LocalDate.parse(rs.getString(1)),
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getDouble(4),
                            rs.getDouble(5)));
                }
            }
            return days;
        } catch (SQLException e) {
            throw new UsageStoreException("reading daily usage failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Hour> hourly(java.time.Instant from, java.time.Instant to, @Nullable String teamId) {
        String sql = "SELECT hour, SUM(requests), SUM(errors), SUM(input_tokens), SUM(output_tokens), SUM(cost_usd), "
                + "SUM(saved_usd), SUM(latency_ms) FROM usage_hourly WHERE hour >= ? AND hour < ?"
                + (teamId == null ? "" : " AND team_id = ?")
                + " GROUP BY hour ORDER BY hour";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, HourlyRollups.hour(from.toEpochMilli()));
            ps.setString(2, HourlyRollups.hour(to.toEpochMilli()));
            if (teamId != null) {
                ps.setString(3, teamId);
            }
            List<Hour> hours = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hours.add(new Hour(
                            LocalDateTime.parse(rs.getString(1) + ":00").toInstant(ZoneOffset.UTC),
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getLong(5),
                            rs.getDouble(6),
                            rs.getDouble(7),
                            rs.getDouble(8)));
                }
            }
            return hours;
        } catch (SQLException e) {
            throw new UsageStoreException("reading hourly usage failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Timing> timings(java.time.Instant since, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT deployment, latency_ms, ttft_ms FROM usage_records "
                        + "WHERE time_ms >= ? AND deployment IS NOT NULL ORDER BY time_ms DESC LIMIT ?")) {
            ps.setLong(1, since.toEpochMilli());
            ps.setInt(2, limit);
            List<Timing> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double ttft = rs.getDouble(3);
                    out.add(new Timing(rs.getString(1), rs.getDouble(2), rs.wasNull() ? null : ttft));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new UsageStoreException("reading request timings failed: " + e.getMessage(), e);
        }
    }
}
