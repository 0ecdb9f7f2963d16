package dev.gatehouse.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How usage is priced, recorded and audited.
 *
 * @param prices the top-level {@code prices:} section: model name to prices that override or extend
 *     the built-in table
 * @param enabled whether a usage record is written for every request
 * @param spoolDir where the append-only spool lives before records reach the store
 * @param batchSize records per multi-row insert
 * @param flushInterval how long the writer waits to fill a batch (and the longest a record waits
 *     before it is fsynced)
 * @param auditFile the audit log file, or {@code null} when the audit log is off
 * @param auditContent whether audit entries carry the prompt and completion (PII-scrubbed)
 */
public record UsageSettings(
        Map<String, PriceOverride> prices,
        boolean enabled,
        Path spoolDir,
        int batchSize,
        Duration flushInterval,
        @Nullable Path auditFile,
        boolean auditContent) {

    public UsageSettings {
        prices = Map.copyOf(prices);
    }

    /** The defaults with the spool in the working directory. */
    public static UsageSettings defaults() {
        return defaults(Path.of(""));
    }

    /** The defaults with the spool in {@code dataDir}'s {@code gatehouse-spool}. */
    public static UsageSettings defaults(Path dataDir) {
        return new UsageSettings(
                Map.of(), true, dataDir.resolve("gatehouse-spool"), 500, Duration.ofMillis(200), null, false);
    }

    public UsageSettings withSpoolDir(Path dir) {
        return new UsageSettings(prices, enabled, dir, batchSize, flushInterval, auditFile, auditContent);
    }
}
