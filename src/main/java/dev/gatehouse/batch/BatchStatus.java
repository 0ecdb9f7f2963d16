package dev.gatehouse.batch;

import org.jspecify.annotations.Nullable;

/** OpenAI's batch lifecycle; each status but {@code validating} has a timestamp field of its own. */
public enum BatchStatus {
    VALIDATING("validating", null),
    IN_PROGRESS("in_progress", "in_progress_ms"),
    FINALIZING("finalizing", "finalizing_ms"),
    COMPLETED("completed", "completed_ms"),
    FAILED("failed", "failed_ms"),
    EXPIRED("expired", "expired_ms"),
    CANCELLING("cancelling", "cancelling_ms"),
    CANCELLED("cancelled", "cancelled_ms");

    private final String wire;
    private final @Nullable String column;

    BatchStatus(String wire, @Nullable String column) {
        this.wire = wire;
        this.column = column;
    }

    public String wire() {
        return wire;
    }

    /** The store column holding when the batch entered this status, or null for {@code validating}. */
    @Nullable
    String column() {
        return column;
    }

    /** Whether a runner still has work to do for a batch in this status. */
    public boolean unfinished() {
        return this == VALIDATING || this == IN_PROGRESS || this == FINALIZING || this == CANCELLING;
    }

    static BatchStatus ofWire(String wire) {
        for (BatchStatus s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown batch status " + wire);
    }
}
