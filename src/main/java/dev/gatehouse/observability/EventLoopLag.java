package dev.gatehouse.observability;

import dev.gatehouse.time.GatewayClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how late each Vert.x event loop runs a task it was asked to run at a set time: a probe
 * scheduled every {@code interval} on the loop itself records how much later than due it ran. A
 * loop busy with blocking work or a long computation shows here first, before every request on it
 * slows down. Netty's own scheduler is used (not a Vert.x timer) so the probe waits in the same queue
 * as the loop's I/O and tasks. The probe itself is a clock read and a meter update.
 */
public final class EventLoopLag implements AutoCloseable {

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(5)
    };

    private volatile boolean closed;

    private EventLoopLag() {}

    /** Runs once {@code period} from now, records how late it ran, and schedules the next run. */
    private void probe(EventExecutor loop, GatewayClock clock, long period, Timer delay, AtomicLong latest) {
        if (closed) {
            return;
        }
        long due = clock.nanoTime() + period;
        loop.schedule(
                () -> {
                    long late = Math.max(0, clock.nanoTime() - due);
                    latest.set(late);
                    delay.record(late, TimeUnit.NANOSECONDS);
                    probe(loop, clock, period, delay, latest);
                },
                period,
                TimeUnit.NANOSECONDS);
    }

    /** Starts one probe per event loop of {@code vertx}, reporting to {@code registry}. */
    public static EventLoopLag start(Vertx vertx, GatewayClock clock, MeterRegistry registry, Duration interval) {
        EventLoopLag lag = new EventLoopLag();
        int index = 0;
        for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
            String name = Integer.toString(index++);
            Timer delay = Timer.builder("gatehouse_event_loop_lag")
                    .description("How late an event loop ran a task due at a set time (probed every "
                            + interval.toMillis() + " ms)")
                    .tag("loop", name)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
            AtomicLong latest = new AtomicLong();
            registry.gauge(
                    "gatehouse_event_loop_lag_latest_seconds",
                    io.micrometer.core.instrument.Tags.of("loop", name),
                    latest,
                    value -> value.get() / 1e9);
            lag.probe(loop, clock, interval.toNanos(), delay, latest);
        }
        return lag;
    }

    @Override
    public void close() {
        closed = true;
    }
}
