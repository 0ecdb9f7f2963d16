package dev.gatehouse.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Files, batches, per-line results and batch leases in the store (SQLite or PostgreSQL, schema
 * {@code V340__batches.sql}), with SQL both accept. Blocking: worker threads only. Thread-safe.
 */
public final class JdbcBatchStore {

    /** One stored line result: its output line as JSON text, and whether it goes to the output file. */
    record LineResult(String customId, int lineNo, boolean ok, String result) {}

    /** A page of a list, newest first. */
    record Page<T>(List<T> items, boolean hasMore) {}

    private static final String BATCH_COLUMNS = "id, owner, key_id, key_hash, endpoint, input_file_id, "
            + "completion_window, status, metadata, errors, output_file_id, error_file_id, total, completed, failed, "
            + "created_ms, expires_ms, in_progress_ms, finalizing_ms, completed_ms, failed_ms, expired_ms, "
            + "cancelling_ms, cancelled_ms";

    private final DataSource dataSource;

    public JdbcBatchStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The pool, for {@link ProviderBatchStore}, which keeps its table in the same store. */
    DataSource dataSource() {
        return dataSource;
    }

    void insertFile(BatchFile f) {
        update(
                "INSERT INTO gh_files (id, owner, purpose, filename, bytes, created_ms) VALUES (?, ?, ?, ?, ?, ?)",
                f.id(),
                f.owner(),
                f.purpose(),
                f.filename(),
                f.bytes(),
                f.createdMs());
    }

    Optional<BatchFile> file(String id, String owner) {
        List<BatchFile> found = files(
                "SELECT id, owner, purpose, filename, bytes, created_ms FROM gh_files " + "WHERE id = ? AND owner = ?",
                id,
                owner);
        return found.stream().findFirst();
    }

    /** The owner's files, newest first (or oldest first with {@code ascending}), after the file {@code after}. */
    Page<BatchFile> files(
            String owner, @Nullable String purpose, @Nullable String after, int limit, boolean ascending) {
        String cmp = ascending ? ">" : "<";
        String order = ascending ? "ASC" : "DESC";
        StringBuilder sql = new StringBuilder(
                "SELECT id, owner, purpose, filename, bytes, created_ms FROM gh_files WHERE owner = ?");
        List<Object> args = new ArrayList<>(List.of(owner));
        if (purpose != null) {
            sql.append(" AND purpose = ?");
            args.add(purpose);
        }
        appendAfter(sql, args, "gh_files", after, cmp);
        sql.append(" ORDER BY created_ms ")
                .append(order)
                .append(", id ")
                .append(order)
                .append(" LIMIT ?");
        args.add(limit + 1);
        List<BatchFile> found = files(sql.toString(), args.toArray());
        return page(found, limit);
    }

    boolean deleteFile(String id, String owner) {
        return update("DELETE FROM gh_files WHERE id = ? AND owner = ?", id, owner) > 0;
    }

    void insertBatch(BatchJob b) {
        update(
                "INSERT INTO gh_batches (id, owner, key_id, key_hash, endpoint, input_file_id, completion_window, status, "
                        + "metadata, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                b.id(),
                b.owner(),
                b.keyId(),
                b.keyHash(),
                b.endpoint(),
                b.inputFileId(),
                b.completionWindow(),
                b.status().wire(),
                b.metadata(),
                b.createdMs(),
                b.expiresMs());
    }

    Optional<BatchJob> batch(String id, String owner) {
        return batches("SELECT " + BATCH_COLUMNS + " FROM gh_batches WHERE id = ? AND owner = ?", id, owner).stream()
                .findFirst();
    }

    /** A batch whoever owns it: for the runner, which acts for the batch's key. */
    Optional<BatchJob> batch(String id) {
        return batches("SELECT " + BATCH_COLUMNS + " FROM gh_batches WHERE id = ?", id).stream()
                .findFirst();
    }

    Page<BatchJob> batches(String owner, @Nullable String after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + BATCH_COLUMNS + " FROM gh_batches WHERE owner = ?");
        List<Object> args = new ArrayList<>(List.of(owner));
        appendAfter(sql, args, "gh_batches", after, "<");
        sql.append(" ORDER BY created_ms DESC, id DESC LIMIT ?");
        args.add(limit + 1);
        return page(batches(sql.toString(), args.toArray()), limit);
    }

    /** The ids of batches a runner still has work for, whoever holds them. */
    List<String> unfinished() {
        List<String> ids = new ArrayList<>();
        query(
                "SELECT id FROM gh_batches WHERE status IN ('validating', 'in_progress', 'finalizing', 'cancelling') "
                        + "ORDER BY created_ms",
                rs -> ids.add(rs.getString(1)));
        return ids;
    }

    /**
     * Takes or renews the lease on a batch until {@code untilMs}: succeeds when nobody holds it, the
     * holder is {@code holder} or the lease lapsed. One statement, so two instances cannot both win.
     */
    boolean lease(String id, String holder, long nowMs, long untilMs) {
        return update(
                        "UPDATE gh_batches SET lease_holder = ?, lease_expires_ms = ? WHERE id = ? "
                                + "AND (lease_holder IS NULL OR lease_holder = ? OR lease_expires_ms < ?)",
                        holder,
                        untilMs,
                        id,
                        holder,
                        nowMs)
                > 0;
    }

    void release(String id, String holder) {
        update(
                "UPDATE gh_batches SET lease_holder = NULL, lease_expires_ms = 0 WHERE id = ? AND lease_holder = ?",
                id,
                holder);
    }

    /** Moves a batch to {@code to} from one of {@code from}, stamping the time; false when it was in none of them. */
    boolean move(String id, Set<BatchStatus> from, BatchStatus to, long nowMs) {
        String column = to.column();
        List<Object> args = new ArrayList<>();
        args.add(to.wire());
        StringBuilder sql = new StringBuilder("UPDATE gh_batches SET status = ?");
        if (column != null) {
            sql.append(", ").append(column).append(" = ?");
            args.add(nowMs);
        }
        sql.append(" WHERE id = ? AND status IN (");
        args.add(id);
        int i = 0;
        for (BatchStatus s : from) {
            sql.append(i++ == 0 ? "?" : ", ?");
            args.add(s.wire());
        }
        sql.append(")");
        return update(sql.toString(), args.toArray()) > 0;
    }

    void setTotal(String id, int total) {
        update("UPDATE gh_batches SET total = ? WHERE id = ?", total, id);
    }

    /** Fails a batch that did not validate, with OpenAI's {@code errors} object. */
    void fail(String id, String errors, long nowMs) {
        update(
                "UPDATE gh_batches SET status = 'failed', failed_ms = ?, errors = ? WHERE id = ? AND status = 'validating'",
                nowMs,
                errors,
                id);
    }

    void setResultFiles(String id, @Nullable String outputFileId, @Nullable String errorFileId) {
        update(
                "UPDATE gh_batches SET output_file_id = ?, error_file_id = ? WHERE id = ?",
                outputFileId,
                errorFileId,
                id);
    }

    /**
     * Records a line's result and counts it, in one transaction; a custom id already recorded is
     * neither stored nor counted again.
     */
    void recordLine(String batchId, LineResult line) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int inserted;
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO gh_batch_lines (batch_id, custom_id, line_no, ok, result) VALUES (?, ?, ?, ?, ?) "
                                + "ON CONFLICT (batch_id, custom_id) DO NOTHING")) {
                    bind(ps, batchId, line.customId(), line.lineNo(), line.ok() ? 1 : 0, line.result());
                    inserted = ps.executeUpdate();
                }
                if (inserted > 0) {
                    String counter = line.ok() ? "completed" : "failed";
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE gh_batches SET " + counter + " = " + counter + " + 1 WHERE id = ?")) {
                        ps.setString(1, batchId);
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("recording a line of batch " + batchId + " failed: " + e.getMessage(), e);
        }
    }

    /** The line numbers of a batch already recorded: a bit per line, however long the file. */
    BitSet doneLines(String batchId) {
        BitSet done = new BitSet();
        query("SELECT line_no FROM gh_batch_lines WHERE batch_id = ?", rs -> done.set(rs.getInt(1)), batchId);
        return done;
    }

    /**
     * Hands the recorded results of a batch that succeeded ({@code ok}), or those that did not, to
     * {@code each} in input order, fetched in pages rather than read whole (PostgreSQL's driver pages
     * only with a fetch size inside a transaction).
     */
    void eachLine(String batchId, boolean ok, Consumer<LineResult> each) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT custom_id, line_no, ok, result FROM gh_batch_lines WHERE batch_id = ? AND ok = ?"
                            + " ORDER BY line_no")) {
                ps.setFetchSize(500);
                bind(ps, batchId, ok ? 1 : 0);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(new LineResult(rs.getString(1), rs.getInt(2), rs.getInt(3) == 1, rs.getString(4)));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("batch store read failed: " + e.getMessage(), e);
        }
    }

    private static void appendAfter(
            StringBuilder sql, List<Object> args, String table, @Nullable String after, String cmp) {
        if (after == null) {
            return;
        }
        String at = "(SELECT created_ms FROM " + table + " WHERE id = ?)";
        sql.append(" AND (created_ms ")
                .append(cmp)
                .append(' ')
                .append(at)
                .append(" OR (created_ms = ")
                .append(at)
                .append(" AND id ")
                .append(cmp)
                .append(" ?))");
        args.add(after);
        args.add(after);
        args.add(after);
    }

    private static <T> Page<T> page(List<T> found, int limit) {
        boolean more = found.size() > limit;
        return new Page<>(more ? List.copyOf(found.subList(0, limit)) : found, more);
    }

    private List<BatchFile> files(String sql, Object... args) {
        List<BatchFile> found = new ArrayList<>();
        query(
                sql,
                rs -> found.add(new BatchFile(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getLong(6))),
                args);
        return found;
    }

    private List<BatchJob> batches(String sql, Object... args) {
        List<BatchJob> found = new ArrayList<>();
        query(
                sql,
                rs -> found.add(new BatchJob(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        BatchStatus.ofWire(rs.getString(8)),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getString(11),
                        rs.getString(12),
                        new BatchJob.Counts(rs.getInt(13), rs.getInt(14), rs.getInt(15)),
                        rs.getLong(16),
                        rs.getLong(17),
                        new BatchJob.Times(
                                nullableLong(rs, 18),
                                nullableLong(rs, 19),
                                nullableLong(rs, 20),
                                nullableLong(rs, 21),
                                nullableLong(rs, 22),
                                nullableLong(rs, 23),
                                nullableLong(rs, 24)))),
                args);
        return found;
    }

    private static @Nullable Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row, Object... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("batch store read failed: " + e.getMessage(), e);
        }
    }

    private int update(String sql, @Nullable Object... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("batch store write failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, @Nullable Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, java.sql.Types.VARCHAR);
            } else if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, a.toString());
            }
        }
    }
}
