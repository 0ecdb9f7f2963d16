package dev.gatehouse.metering;

import org.jspecify.annotations.Nullable;

/**
 * Keeps each audit log's {@link AuditHead} outside the log file (in the usage store), so that a log
 * whose last entries were cut off cannot pass for a whole one: its chain is intact up to where it was
 * cut, but the head it once reached is still on record. Implementations: {@link JdbcAuditAnchors};
 * {@link #NONE} when there is no store to keep them.
 *
 * <p>Blocking: the audit log calls {@link #save} on its own anchoring thread, {@code gatehouse audit
 * verify} calls {@link #find}. Never on an event loop.
 */
public interface AuditAnchors {

    /** Records {@code head}, unless a head further along is already recorded for its chain. */
    void save(AuditHead head);

    /** The recorded head of the chain whose first entry has hash {@code chainId}, or {@code null}. */
    @Nullable
    AuditHead find(String chainId);

    /** Keeps nothing: entries cut off a log's end then go unnoticed. */
    AuditAnchors NONE = new AuditAnchors() {
        @Override
        public void save(AuditHead head) {}

        @Override
        public @Nullable AuditHead find(String chainId) {
            return null;
        }
    };
}
