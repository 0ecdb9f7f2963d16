package dev.gatehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The clock end-to-end tests run the gateway on: timers fall due in order, at their time, on their context. */
class ManualClockTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-05-01T10:00:00Z"));

    @Test
    void wallAndMonotonicTimeMoveTogetherAndOnlyWhenAdvanced() {
        long start = clock.nanoTime();

        clock.advance(Duration.ofSeconds(90));

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-05-01T10:01:30Z"));
        assertThat(clock.nanoTime() - start).isEqualTo(Duration.ofSeconds(90).toNanos());
    }

    @Test
    void runsDueTimersInOrderEachAtItsOwnTime() {
        List<String> ran = new ArrayList<>();
        clock.schedule(Duration.ofSeconds(3), () -> ran.add("c at " + clock.instant()));
        clock.schedule(Duration.ofSeconds(1), () -> {
            ran.add("a at " + clock.instant());
            clock.schedule(Duration.ofSeconds(1), () -> ran.add("b at " + clock.instant()));
        });
        clock.schedule(Duration.ofSeconds(10), () -> ran.add("too late"));

        clock.advance(Duration.ofSeconds(5));

        assertThat(ran)
                .containsExactly("a at 2026-05-01T10:00:01Z", "b at 2026-05-01T10:00:02Z", "c at 2026-05-01T10:00:03Z");
        assertThat(clock.pendingDelays()).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void aCancelledTimerDoesNotRun() {
        List<String> ran = new ArrayList<>();
        clock.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled")).cancel();

        clock.advance(Duration.ofSeconds(2));

        assertThat(ran).isEmpty();
        assertThat(clock.pendingDelays()).isEmpty();
    }

    @Test
    void waitsLikeAVertxTimerAtLeastAMillisecond() {
        List<String> ran = new ArrayList<>();
        clock.schedule(Duration.ZERO, () -> ran.add("ran"));

        clock.advance(Duration.ZERO);
        assertThat(ran).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(ran).containsExactly("ran");
    }

    @Test
    void aTimerSetOnAContextRunsThereBeforeAdvanceReturns() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Context context = vertx.getOrCreateContext();
            CompletableFuture<Void> scheduled = new CompletableFuture<>();
            List<Context> ranOn = new ArrayList<>();
            context.runOnContext(v -> {
                clock.schedule(Duration.ofSeconds(1), () -> ranOn.add(Vertx.currentContext()));
                scheduled.complete(null);
            });
            scheduled.get(10, TimeUnit.SECONDS);

            clock.advance(Duration.ofSeconds(1));

            assertThat(ranOn).containsExactly(context);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
