package dev.gatehouse.metering;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@code usage_daily} in step with the records, inside the usage store's batch transaction:
 * one upsert per day, key, user, team, model and provider of the batch's new records. Reports over
 * whole days read these rows instead of the records. Corrections move errors through
 * {@link RollupErrors}.
 */
final class DailyRollups {

    private static final String SQL = "INSERT INTO usage_daily (day, key_id, user_id, team_id, public_model, provider, "
            + "requests, input_tokens, cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_usd, unpriced, saved_usd, errors) "
            + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
            + "ON CONFLICT (day, key_id, user_id, team_id, public_model, provider) DO UPDATE SET "
            + "requests = usage_daily.requests + excluded.requests, input_tokens = usage_daily.input_tokens + excluded.input_tokens, "
            + "cached_tokens = usage_daily.cached_tokens + excluded.cached_tokens, "
            + "cache_write_tokens = usage_daily.cache_write_tokens + excluded.cache_write_tokens, "
            + "output_tokens = usage_daily.output_tokens + excluded.output_tokens, "
            + "reasoning_tokens = usage_daily.reasoning_tokens + excluded.reasoning_tokens, "
            + "cost_usd = usage_daily.cost_usd + excluded.cost_usd, unpriced = usage_daily.unpriced + excluded.unpriced, "
            + "saved_usd = usage_daily.saved_usd + excluded.saved_usd, errors = usage_daily.errors + excluded.errors";

    private DailyRollups() {}

    private record RollupKey(String day, String keyId, String userId, String teamId, String model, String provider) {}

    private static final class Sums {
        long requests;
        long errors;
        long input;
        long cached;
        long cacheWrite;
        long output;
        long reasoning;
        double cost;
        long unpriced;
        double saved;
    }

    static void add(Connection c, KeptStatements statements, List<UsageRecord> fresh) throws SQLException {
        Map<RollupKey, Sums> sums = new LinkedHashMap<>();
        for (UsageRecord r : fresh) {
            Sums s = sums.computeIfAbsent(
                    new RollupKey(
                            RollupPeriods.day(r.timeMs()),
                            HourlyRollups.blank(r.keyId()),
                            HourlyRollups.blank(r.userId()),
                            HourlyRollups.blank(r.teamId()),
                            HourlyRollups.blank(r.publicModel()),
                            HourlyRollups.blank(r.provider())),
                    k -> new Sums());
            s.requests++;
            s.errors += r.status() >= 400 ? 1 : 0;
            s.input += r.inputTokens();
            s.cached += r.cachedTokens();
            s.cacheWrite += r.cacheWriteTokens();
            s.output += r.outputTokens();
            s.reasoning += r.reasoningTokens();
            if (r.costUsd() == null) {
                s.unpriced++;
            } else {
                s.cost += r.costUsd();
            }
            if (r.savedUsd() != null) {
                s.saved += r.savedUsd();
            }
        }
        if (sums.isEmpty()) {
            return;
        }
        PreparedStatement ps = statements.get(c, SQL);
        for (Map.Entry<RollupKey, Sums> e : sums.entrySet()) {
            RollupKey k = e.getKey();
            Sums s = e.getValue();
            ps.setString(1, k.day());
            ps.setString(2, k.keyId());
            ps.setString(3, k.userId());
            ps.setString(4, k.teamId());
            ps.setString(5, k.model());
            ps.setString(6, k.provider());
            ps.setLong(7, s.requests);
            ps.setLong(8, s.input);
            ps.setLong(9, s.cached);
            ps.setLong(10, s.cacheWrite);
            ps.setLong(11, s.output);
            ps.setLong(12, s.reasoning);
            ps.setDouble(13, s.cost);
            ps.setLong(14, s.unpriced);
            ps.setDouble(15, s.saved);
            ps.setLong(16, s.errors);
            ps.addBatch();
        }
        ps.executeBatch();
    }
}
