package dev.gatehouse.time;

import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The production clock: the system's wall and monotonic clocks, and Vert.x timers, which fire on
 * the context that set them.
 */
public final class VertxClock implements GatewayClock {

    private final Vertx vertx;

    public VertxClock(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /**
     * On the event loop of the context that sets it, a timer is a task in that loop's Netty schedule,
     * run on the context like a Vert.x timer: a proxied request sets and cancels two timers, and
     * Vert.x's timer table (a concurrent map entry, a context close hook and a boxed id each) cost
     * more than the wait itself. Elsewhere (a worker, no context) it is a Vert.x timer. Unlike a
     * Vert.x timer, a loop timer is not cancelled when the verticle that set it is undeployed; it
     * still runs when due.
     */
    @Override
    public Timer schedule(Duration delay, Runnable task) {
        long millis = GatewayClock.atLeastOneMilli(delay).toMillis();
        ContextInternal context = ContextInternal.current();
        if (context != null && context.isEventLoopContext() && context.inThread()) {
            ScheduledFuture<?> pending = context.nettyEventLoop()
                    .schedule(() -> context.emit(ignored -> task.run()), millis, TimeUnit.MILLISECONDS);
            return () -> pending.cancel(false);
        }
        long id = vertx.setTimer(millis, ignored -> task.run());
        return () -> vertx.cancelTimer(id);
    }
}
