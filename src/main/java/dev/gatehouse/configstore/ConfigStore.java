package dev.gatehouse.configstore;

import java.util.List;
import java.util.Optional;

/**
 * Where stored providers and model groups live. Every method blocks (JDBC): call it on a worker
 * thread. Every write moves the change sequence and adds an audit row in the same transaction.
 */
public interface ConfigStore {

    /** Every entry, providers first, each kind by name. */
    List<StoredEntry> all();

    Optional<StoredEntry> find(EntryKind kind, String name);

    /** Creates or replaces the entry; true when it was created. */
    boolean put(StoredEntry entry);

    /** Deletes the entry; false when there was none. */
    boolean delete(EntryKind kind, String name, java.time.Instant at);

    /** Moves with every write; instances compare it with the one they last read. */
    long changeSequence();
}
