package dev.gatehouse.time;

import java.time.Duration;
import java.time.InstantSource;

/**
 * The gateway's one source of time: wall time, a monotonic reading for durations and deadlines, and
 * timers. The server creates one and hands it to every component that reads the time or waits for
 * it (a component that needs wall time only takes the {@link InstantSource} this extends), so tests
 * run the gateway on a clock they move by hand instead of sleeping.
 *
 * <p>Thread-safe. A task given to {@link #schedule} runs once, on the Vert.x context that scheduled
 * it (a request's event loop, so state confined to that loop stays confined), as with
 * {@code vertx.setTimer}. Tasks must not block.
 */
public interface GatewayClock extends InstantSource {

    /**
     * A reading of a monotonic clock in nanoseconds, for elapsed times and deadlines. Only the
     * difference of two readings means anything; unlike wall time it never jumps back.
     */
    long nanoTime();

    /**
     * Runs {@code task} once after {@code delay}. Vert.x timers cannot wait less than a millisecond,
     * so a shorter delay waits one; every implementation does the same, so a test sees what
     * production does.
     */
    Timer schedule(Duration delay, Runnable task);

    /** Milliseconds from the {@link #nanoTime()} reading {@code startNanos} to now. */
    default double millisSince(long startNanos) {
        return (nanoTime() - startNanos) / 1e6;
    }

    /** The shortest wait a timer takes: see {@link #schedule}. */
    static Duration atLeastOneMilli(Duration delay) {
        return delay.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : delay;
    }

    /** A scheduled task. */
    interface Timer {

        /** A timer that was never set; cancelling it does nothing. */
        Timer NONE = () -> {};

        /** Stops the task from running; does nothing once it ran or was cancelled. */
        void cancel();
    }
}
