package dev.gatehouse.responsestore;

import java.util.Optional;

/**
 * Durable storage of kept responses. Every method blocks (JDBC): worker threads only, never an
 * event loop ({@link ResponseArchive} moves the calls there). Thread-safe. A response is found only
 * with its owner and only before it expires, so another team's id reads as absent.
 */
public interface ResponseStore {

    /** Keeps {@code response}; an id already kept is replaced. */
    void save(StoredResponse response);

    /** The response {@code id} of {@code owner} that has not expired at {@code nowMs}. */
    Optional<StoredResponse> find(String id, String owner, long nowMs);

    /** Deletes the response {@code id} of {@code owner}; false when there was none (or it had expired). */
    boolean delete(String id, String owner, long nowMs);

    /** Deletes every response expired at {@code nowMs}; returns how many. */
    int purgeExpired(long nowMs);
}
