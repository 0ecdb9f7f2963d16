package dev.gatehouse.testing;

import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link GatewayClock} tests move by hand: wall and monotonic time stand still until
 * {@link #advance} moves them together, running the timers that fall due on the way, each at its
 * own due time and in order. Unit tests use it as a plain clock; end-to-end tests run a whole
 * gateway on it ({@link TestGateway#start(ManualClock, String)}) and drive its timeouts, backoffs and
 * health checks without waiting.
 *
 * <p>A timer set on a Vert.x context runs on that context, as a Vert.x timer would, and
 * {@link #advance} waits for it to finish before it moves on; a timer set outside any context runs on
 * the thread that advances. So call {@link #advance} from the test thread, never from an event loop.
 * Thread-safe.
 */
public final class ManualClock implements GatewayClock {

    private static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    /** How long {@link #advance} waits for a timer's task on its event loop before it gives up. */
    private static final long TASK_WAIT_SECONDS = 10;

    private final PriorityQueue<Pending> timers =
            new PriorityQueue<>(Comparator.comparingLong(Pending::due).thenComparingLong(Pending::sequence));
    private Instant wall;
    private long nanos;
    private long sequence;

    public ManualClock() {
        this(DEFAULT_START);
    }

    public ManualClock(Instant start) {
        this.wall = start;
    }

    /** One scheduled task, with the context it runs on (null: the advancing thread). */
    private record Pending(long due, long sequence, Runnable task, Context context) {}

    @Override
    public synchronized Instant instant() {
        return wall;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Timer schedule(Duration delay, Runnable task) {
        Pending pending = new Pending(
                nanos + GatewayClock.atLeastOneMilli(delay).toNanos(), sequence++, task, Vertx.currentContext());
        timers.add(pending);
        return () -> {
            synchronized (this) {
                timers.remove(pending);
            }
        };
    }

    /** How far ahead each pending timer is due, soonest first: what a test awaits before it advances. */
    public synchronized List<Duration> pendingDelays() {
        List<Pending> sorted = new ArrayList<>(timers);
        sorted.sort(timers.comparator());
        return sorted.stream().map(p -> Duration.ofNanos(p.due() - nanos)).toList();
    }

    /**
     * Moves wall and monotonic time forward by {@code by}, running every timer that falls due, a timer
     * set by one of them included, at its due time.
     *
     * @throws IllegalStateException when called on a Vert.x thread, or when a task failed or did not
     *     finish on its event loop in time
     */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + by);
        }
        if (Context.isOnVertxThread()) {
            throw new IllegalStateException(
                    "advance the clock from the test thread: it waits for tasks on event loops");
        }
        long target;
        synchronized (this) {
            target = nanos + by.toNanos();
        }
        while (true) {
            Pending next;
            synchronized (this) {
                next = timers.peek();
                if (next == null || next.due() > target) {
                    moveTo(target);
                    return;
                }
                timers.poll();
                moveTo(next.due());
            }
            run(next);
        }
    }

    private void moveTo(long dueNanos) {
        wall = wall.plusNanos(dueNanos - nanos);
        nanos = dueNanos;
    }

    private static void run(Pending pending) {
        if (pending.context() == null) {
            pending.task().run();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.context().runOnContext(v -> {
            try {
                pending.task().run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(TASK_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a timer's task failed", e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("a timer's task did not finish on its event loop", e);
        }
    }
}
