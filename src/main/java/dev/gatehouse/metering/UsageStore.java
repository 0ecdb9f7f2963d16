package dev.gatehouse.metering;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Durable storage of usage records and their reports. Implementations: {@link JdbcUsageStore} on
 * SQLite and on PostgreSQL, both held to {@code UsageStoreContract}.
 *
 * <p>Every method blocks: call it from the usage writer's thread or a worker, never an event loop.
 * Implementations are thread-safe.
 */
public interface UsageStore {

    /**
     * Stores a batch in one transaction, idempotently by request id: a record whose id is already
     * stored is skipped (its rollups are not counted again), so a batch may be replayed after a crash
     * or a failed commit. A {@linkplain UsageRecord#correction correction} sets the status and error
     * type of its request's stored record (one stored before or in the same batch) and counts
     * nothing. Either the whole batch is stored or none of it.
     *
     * @return how many records were new
     * @throws UsageStoreException when the store cannot be reached or the transaction fails, or
     *     {@linkplain UsageStoreException#rejected() rejected} when it refuses a record's data (then
     *     the same batch will always fail, and the caller must not retry it as it is)
     */
    int insert(List<UsageRecord> records);

    /** Aggregated rows for a report, ordered by bucket then dimensions. */
    List<UsageReportRow> report(UsageQuery query);

    /** The stored record with this id, or {@code null}. */
    @Nullable
    UsageRecord find(String requestId);

    /** How many records are stored (all time). */
    long count();
}
