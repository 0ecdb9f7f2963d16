package dev.gatehouse.ratelimit;

import io.vertx.core.Future;
import java.util.Collection;

/**
 * Tells waiting requests that capacity of some buckets was freed (a settle gave tokens back, a
 * parallel slot ended): those of this instance at once, and with Redis those of every instance
 * sharing it. Time-based refill needs no news: each lane's head has a timer for when it fits.
 */
public interface QueueWakeups {

    /** Wakes the lanes of {@code bucketNames} here and, where shared, elsewhere. Never blocks. */
    void freed(Collection<String> bucketNames);

    /** Starts hearing other instances' news (with Redis); completes once listening or after logging why not. */
    default Future<Void> start() {
        return Future.succeededFuture();
    }

    default Future<Void> close() {
        return Future.succeededFuture();
    }

    /** This instance only. */
    static QueueWakeups local(LimitQueue queue) {
        return queue::wake;
    }
}
