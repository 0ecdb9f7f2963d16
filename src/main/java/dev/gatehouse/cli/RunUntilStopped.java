package dev.gatehouse.cli;

import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/** Keeps a server command alive until the process is asked to stop, then shuts it down cleanly. */
final class RunUntilStopped {

    private RunUntilStopped() {}

    /**
     * Blocks the calling (main) thread; on SIGTERM or Ctrl-C runs {@code shutdown} and returns. A
     * shutdown that completes within {@code longest} ends the process with status 0: the JVM would
     * otherwise report 143 (killed by SIGTERM), which orchestrators count as a failed stop. One that
     * fails or outlasts it leaves the JVM to exit as signalled.
     */
    static void await(Supplier<Future<?>> shutdown, Supplier<Duration> longest) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            Duration limit = longest.get();
                            boolean clean = false;
                            try {
                                shutdown.get()
                                        .toCompletionStage()
                                        .toCompletableFuture()
                                        .get(limit.toMillis(), TimeUnit.MILLISECONDS);
                                clean = true;
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } catch (Exception e) {
                                LoggerFactory.getLogger(RunUntilStopped.class)
                                        .error("shutdown did not finish cleanly within {} ms: {}", limit.toMillis(), e);
                            }
                            stopped.countDown();
                            if (clean) {
                                // halt skips the hooks still running; the log's background appender is the one
                                // that matters, so it is flushed first.
                                if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logs) {
                                    logs.stop();
                                }
                                Runtime.getRuntime().halt(0);
                            }
                        },
                        "gatehouse-shutdown"));
        stopped.await();
    }
}
