package dev.gatehouse.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition a test cannot be told about directly (another process, a background reload). */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {}

    /**
     * Checks {@code condition} until it holds; fails naming {@code what} after {@code limit}. An
     * exception from the condition counts as "not yet" (a port not listening yet, a connection reset).
     */
    public static void until(String what, Duration limit, Callable<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new AssertionError(what + ": not within " + limit.toMillis() + " ms", last);
    }
}
