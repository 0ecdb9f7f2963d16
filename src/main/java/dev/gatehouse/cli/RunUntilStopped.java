package dev.gatehouse.cli;

import io.vertx.core.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Keeps a server command alive until the process is asked to stop, then shuts it down cleanly. */
final class RunUntilStopped {

    private static final long SHUTDOWN_GRACE_SECONDS = 10;

    private RunUntilStopped() {}

    /** Blocks the calling (main) thread; on SIGTERM or Ctrl-C runs {@code shutdown} and returns. */
    static void await(Supplier<Future<?>> shutdown) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            shutdown.get().onComplete(done -> stopped.countDown());
                            try {
                                stopped.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "gatehouse-shutdown"));
        stopped.await();
    }
}
