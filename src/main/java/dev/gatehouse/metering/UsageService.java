package dev.gatehouse.metering;

import dev.gatehouse.config.UsageSettings;
import dev.gatehouse.store.Database;
import dev.gatehouse.usage.Cost;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's usage accounting, assembled from config: the store, the durable writer (absent when
 * {@code usage.enabled} is false), the cost calculator and the recorder the {@link Meter} stage calls at the end
 * of every request. Opening it does file I/O (the spool): call {@link #open} on a worker thread.
 */
public final class UsageService implements AutoCloseable {

    private final UsageStore store;
    private final @Nullable UsageWriter writer;
    private final Cost cost;
    private final UsageRecorder recorder;
    private final @Nullable AuditLog audit;
    private final RequestLog requestLog;

    private UsageService(
            UsageStore store,
            RequestLog requestLog,
            @Nullable UsageWriter writer,
            Cost cost,
            UsageRecorder recorder,
            @Nullable AuditLog audit) {
        this.store = store;
        this.requestLog = requestLog;
        this.writer = writer;
        this.cost = cost;
        this.recorder = recorder;
        this.audit = audit;
    }

    /** @param clock wall time, to date usage records */
    public static UsageService open(UsageSettings settings, Database database, InstantSource clock) {
        return open(settings, database, clock, List.of());
    }

    /**
     * As {@link #open(UsageSettings, Database, InstantSource)}, with every record also given to each
     * of {@code moreSinks} (an embedding application's own), beside the durable writer.
     */
    public static UsageService open(
            UsageSettings settings, Database database, InstantSource clock, List<UsageSink> moreSinks) {
        UsageStore store = new JdbcUsageStore(
                database.dataSource(), database.kind() == dev.gatehouse.config.StoreSettings.Kind.POSTGRES);
        UsageWriter writer = settings.enabled()
                ? new UsageWriter(
                        settings.spoolDir(),
                        store,
                        settings.batchSize(),
                        settings.flushInterval(),
                        Duration.ofSeconds(5))
                : null;
        Cost cost = new Cost();
        UsageSink sink = writer == null ? UsageSink.OFF : writer;
        for (UsageSink more : moreSinks) {
            sink = UsageSink.both(sink, more);
        }
        AuditLog audit = settings.auditFile() == null
                ? null
                : new AuditLog(
                        settings.auditFile(), settings.auditContent(), new JdbcAuditAnchors(database.dataSource()));
        return new UsageService(
                store,
                new JdbcRequestLog(database.dataSource()),
                writer,
                cost,
                new UsageRecorder(sink, cost, audit, clock),
                audit);
    }

    public UsageStore store() {
        return store;
    }

    /** The latest requests and hourly totals, for the dashboard. */
    public RequestLog requestLog() {
        return requestLog;
    }

    /** The writer, or {@code null} when usage logging is off. */
    public @Nullable UsageWriter writer() {
        return writer;
    }

    public Cost cost() {
        return cost;
    }

    public UsageRecorder recorder() {
        return recorder;
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        if (audit != null) {
            audit.close();
        }
    }
}
