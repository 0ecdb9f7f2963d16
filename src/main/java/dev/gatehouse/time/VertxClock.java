package dev.gatehouse.time;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;

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

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        long id = vertx.setTimer(GatewayClock.atLeastOneMilli(delay).toMillis(), ignored -> task.run());
        return () -> vertx.cancelTimer(id);
    }
}
