package dev.gatehouse.metering;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The usage store's prepared statements, kept per physical database connection so that each is
 * compiled once per connection rather than once per batch. SQLite's driver keeps no statement cache
 * of its own, and compiling the 500-row insert (17,500 parameters) cost more than running it.
 *
 * <p>The statements are prepared on the connection under the pool's proxy ({@link
 * Connection#unwrap}), so the pool does not close them when the connection is handed back; they
 * run in whatever transaction the proxy opened. A statement is only used while its connection is
 * checked out, hence by one thread at a time. Entries of connections the pool has closed are
 * dropped at the next call, so at most a pool's worth of connections is ever held.
 *
 * <p>Thread-safe.
 */
final class KeptStatements {

    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new IdentityHashMap<>();

    /** The statement for {@code sql} on {@code pooled}'s connection; the caller must not close it. */
    PreparedStatement get(Connection pooled, String sql) throws SQLException {
        Connection raw = pooled.unwrap(Connection.class);
        Map<String, PreparedStatement> kept;
        synchronized (this) {
            kept = byConnection.get(raw);
            if (kept == null) {
                dropClosed();
                kept = new HashMap<>();
                byConnection.put(raw, kept);
            }
        }
        // The connection is checked out by the caller alone, so its own map needs no lock.
        PreparedStatement ps = kept.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = raw.prepareStatement(sql);
            kept.put(sql, ps);
        }
        return ps;
    }

    /**
     * Closes and forgets the statements of {@code pooled}'s connection, after a failure that may have
     * left one of them half way (a batch not cleared, a result not read).
     */
    void forget(Connection pooled) {
        Map<String, PreparedStatement> kept;
        try {
            Connection raw = pooled.unwrap(Connection.class);
            synchronized (this) {
                kept = byConnection.remove(raw);
            }
        } catch (SQLException e) {
            return;
        }
        if (kept != null) {
            for (PreparedStatement ps : kept.values()) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    // The connection is likely broken as well; the pool will replace it.
                }
            }
        }
    }

    private void dropClosed() throws SQLException {
        for (Iterator<Connection> it = byConnection.keySet().iterator(); it.hasNext(); ) {
            if (it.next().isClosed()) {
                it.remove();
            }
        }
    }
}
