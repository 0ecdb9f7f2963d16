package dev.gatehouse.metering;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Moves error counts in both rollups ({@code usage_hourly} and {@code usage_daily.errors}) for
 * corrections whose stored status is on the other side of 400 than the new one, inside the usage
 * store's batch transaction.
 */
final class RollupErrors {

    private RollupErrors() {}

    /**
     * Runs before the corrections are applied, so it reads the status the rollups counted; replaying
     * a correction finds the status already corrected and moves nothing.
     */
    static void correct(Connection c, java.util.List<UsageRecord> corrections) throws SQLException {
        if (corrections.isEmpty()) {
            return;
        }
        try (PreparedStatement read = c.prepareStatement("SELECT status, time_ms, key_id, team_id, public_model, "
                        + "provider, user_id, day FROM usage_records WHERE request_id = ?");
                PreparedStatement hourly =
                        c.prepareStatement("UPDATE usage_hourly SET errors = errors + ? WHERE hour = ? "
                                + "AND key_id = ? AND team_id = ? AND public_model = ? AND provider = ?");
                PreparedStatement daily = c.prepareStatement("UPDATE usage_daily SET errors = errors + ? WHERE day = ? "
                        + "AND key_id = ? AND user_id = ? AND team_id = ? AND public_model = ? AND provider = ?")) {
            for (UsageRecord r : corrections) {
                read.setString(1, r.requestId());
                try (ResultSet rs = read.executeQuery()) {
                    if (!rs.next()) {
                        continue;
                    }
                    boolean wasError = rs.getInt(1) >= 400;
                    boolean isError = r.status() >= 400;
                    if (wasError == isError) {
                        continue;
                    }
                    int delta = isError ? 1 : -1;
                    HourlyRollups.Key k = HourlyRollups.key(
                            rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
                    hourly.setInt(1, delta);
                    hourly.setString(2, k.hour());
                    hourly.setString(3, k.keyId());
                    hourly.setString(4, k.teamId());
                    hourly.setString(5, k.model());
                    hourly.setString(6, k.provider());
                    hourly.executeUpdate();
                    daily.setInt(1, delta);
                    daily.setString(2, rs.getString(8));
                    daily.setString(3, k.keyId());
                    daily.setString(4, HourlyRollups.blank(rs.getString(7)));
                    daily.setString(5, k.teamId());
                    daily.setString(6, k.model());
                    daily.setString(7, k.provider());
                    daily.executeUpdate();
                }
            }
        }
    }
}
