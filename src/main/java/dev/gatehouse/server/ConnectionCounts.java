package dev.gatehouse.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client connection figures shared by every HTTP front of the process: how many are open (against
 * {@code server.max_connections}), and how many were refused or closed by a timeout (exposed as
 * metrics). Thread-safe.
 */
final class ConnectionCounts {

    final AtomicInteger open = new AtomicInteger();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong timedOut = new AtomicLong();

    /** Takes a place for a new connection, or says there is none left under {@code max}. */
    boolean admit(int max) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused.incrementAndGet();
            return false;
        }
        return true;
    }

    void closed() {
        open.decrementAndGet();
    }
}
