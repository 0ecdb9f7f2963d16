package dev.gatehouse.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The provider batches a gateway batch's lines were submitted to ({@code gh_provider_batches},
 * migration V360), so a restart polls them again instead of submitting twice. Blocking: worker
 * threads only. Thread-safe.
 */
final class ProviderBatchStore {

    /**
     * One submitted provider batch.
     *
     * @param customIds the gateway batch's custom ids it holds; the n-th went to the provider as {@code line-n}
     */
    record Submitted(String providerBatchId, String batchId, String deployment, List<String> customIds) {}

    private final DataSource dataSource;

    ProviderBatchStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void insert(Submitted s, long nowMs) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO gh_provider_batches "
                        + "(provider_batch_id, batch_id, deployment, custom_ids, created_ms) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, s.providerBatchId());
            ps.setString(2, s.batchId());
            ps.setString(3, s.deployment());
            ps.setString(4, Json.encode(Json.MAPPER.valueToTree(s.customIds())).toString());
            ps.setLong(5, nowMs);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("provider batch store write failed: " + e.getMessage(), e);
        }
    }

    /** The provider batches of a gateway batch, oldest first. */
    List<Submitted> of(String batchId) {
        List<Submitted> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT provider_batch_id, deployment, custom_ids FROM gh_provider_batches "
                                + "WHERE batch_id = ? ORDER BY created_ms, provider_batch_id")) {
            ps.setString(1, batchId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> ids = new ArrayList<>();
                    for (JsonNode id : Json.parse(rs.getString(3))) {
                        ids.add(id.asText());
                    }
                    out.add(new Submitted(rs.getString(1), batchId, rs.getString(2), ids));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("provider batch store read failed: " + e.getMessage(), e);
        }
        return out;
    }
}
