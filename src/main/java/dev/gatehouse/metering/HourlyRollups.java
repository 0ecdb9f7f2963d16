package dev.gatehouse.metering;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Keeps {@code usage_hourly} (migration V310) in step with the records, inside the usage store's
 * batch transaction: the dashboard's charts and error rate read these rows instead of the records.
 * Corrections move errors through {@link RollupErrors}.
 */
final class HourlyRollups {

    private static final String SQL = "INSERT INTO usage_hourly (hour, key_id, team_id, public_model, "
            + "provider, requests, errors, input_tokens, output_tokens, cost_usd, saved_usd, latency_ms) "
            + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (hour, key_id, team_id, public_model, provider) DO UPDATE SET "
            + "requests = usage_hourly.requests + excluded.requests, errors = usage_hourly.errors + excluded.errors, "
            + "input_tokens = usage_hourly.input_tokens + excluded.input_tokens, "
            + "output_tokens = usage_hourly.output_tokens + excluded.output_tokens, "
            + "cost_usd = usage_hourly.cost_usd + excluded.cost_usd, saved_usd = usage_hourly.saved_usd + excluded.saved_usd, "
            + "latency_ms = usage_hourly.latency_ms + excluded.latency_ms";

    private HourlyRollups() {}

    /** The rollup hour of a time, as stored: {@code 2025-10-01T13}. */
    static String hour(long timeMs) {
        return RollupPeriods.hour(timeMs);
    }

    record Key(String hour, String keyId, String teamId, String model, String provider) {}

    private static final class Sums {
        long requests;
        long errors;
        long input;
        long output;
        double cost;
        double saved;
        double latency;
    }

    static void add(Connection c, KeptStatements statements, List<UsageRecord> fresh) throws SQLException {
        Map<Key, Sums> sums = new LinkedHashMap<>();
        for (UsageRecord r : fresh) {
            Sums s = sums.computeIfAbsent(
                    key(r.timeMs(), r.keyId(), r.teamId(), r.publicModel(), r.provider()), k -> new Sums());
            s.requests++;
            s.errors += r.status() >= 400 ? 1 : 0;
            s.input += r.inputTokens();
            s.output += r.outputTokens();
            s.cost += r.costUsd() == null ? 0 : r.costUsd();
            s.saved += r.savedUsd() == null ? 0 : r.savedUsd();
            s.latency += r.latencyMs();
        }
        if (sums.isEmpty()) {
            return;
        }
        PreparedStatement ps = statements.get(c, SQL);
        for (Map.Entry<Key, Sums> e : sums.entrySet()) {
            Key k = e.getKey();
            Sums s = e.getValue();
            ps.setString(1, k.hour());
            ps.setString(2, k.keyId());
            ps.setString(3, k.teamId());
            ps.setString(4, k.model());
            ps.setString(5, k.provider());
            ps.setLong(6, s.requests);
            ps.setLong(7, s.errors);
            ps.setLong(8, s.input);
            ps.setLong(9, s.output);
            ps.setDouble(10, s.cost);
            ps.setDouble(11, s.saved);
            ps.setDouble(12, s.latency);
            ps.addBatch();
        }
        ps.executeBatch();
    }

    static Key key(
            long timeMs,
            @Nullable String keyId,
            @Nullable String teamId,
            @Nullable String model,
            @Nullable String provider) {
        return new Key(hour(timeMs), blank(keyId), blank(teamId), blank(model), blank(provider));
    }

    static String blank(@Nullable String s) {
        return s == null ? "" : s;
    }
}
