package dev.gatehouse.metering;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * {@link AuditAnchors} in the usage store's {@code audit_heads} table (SQLite or PostgreSQL, schema
 * {@code V201__audit_heads.sql}): one row per chain, moved forward only. Blocking; thread-safe.
 */
public final class JdbcAuditAnchors implements AuditAnchors {

    private final DataSource dataSource;

    public JdbcAuditAnchors(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void save(AuditHead head) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO audit_heads (chain_id, seq, hash, updated_ms) VALUES (?, ?, ?, ?) ON CONFLICT (chain_id) DO UPDATE "
                                + "SET seq = excluded.seq, hash = excluded.hash, updated_ms = excluded.updated_ms WHERE excluded.seq > audit_heads.seq")) {
            ps.setString(1, head.chainId());
            ps.setLong(2, head.seq());
            ps.setString(3, head.hash());
            ps.setLong(4, System.currentTimeMillis());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new UsageStoreException("saving the audit log's head failed: " + e.getMessage(), e);
        }
    }

    @Override
    public @Nullable AuditHead find(String chainId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_heads WHERE chain_id = ?")) {
            ps.setString(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new AuditHead(chainId, rs.getLong(1), rs.getString(2)) : null;
            }
        } catch (SQLException e) {
            throw new UsageStoreException("reading the audit log's head failed: " + e.getMessage(), e);
        }
    }
}
