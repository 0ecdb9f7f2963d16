package dev.gatehouse.ui;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Dashboard sessions, kept in the store so every gateway instance on it knows them.
 *
 * <p>Every method blocks (JDBC): call it from a worker thread, never an event loop.
 */
interface SessionStore {

    void create(Session session, Instant now);

    /** The session with this id hash when it has not expired at {@code now}, else null. */
    @Nullable
    Session find(String idHash, Instant now);

    void delete(String idHash);

    /** Deletes every session expired at {@code now}. */
    void purge(Instant now);
}
