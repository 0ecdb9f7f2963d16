package dev.gatehouse.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The production clock keeps what {@code vertx.setTimer} promised the code it replaced. */
class VertxClockTest {

    private final Vertx vertx = Vertx.vertx();
    private final VertxClock clock = new VertxClock(vertx);

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aTimerRunsOnTheContextThatSetIt() throws Exception {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Context> ranOn = new CompletableFuture<>();

        context.runOnContext(v -> clock.schedule(Duration.ZERO, () -> ranOn.complete(Vertx.currentContext())));

        assertThat(ranOn.get(10, TimeUnit.SECONDS)).isSameAs(context);
    }

    @Test
    void aCancelledTimerNeverRuns() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        // On the event loop the timers fire on, so the first cannot fire before it is cancelled.
        vertx.getOrCreateContext().runOnContext(v -> {
            clock.schedule(Duration.ofMillis(1), () -> first.complete("cancelled one"))
                    .cancel();
            clock.schedule(Duration.ofMillis(50), () -> first.complete("later one"));
        });

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("later one");
    }

    @Test
    void aTimerSetOnARequestsDuplicatedContextRunsOnThatContext() throws Exception {
        ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
        CompletableFuture<Context> ranOn = new CompletableFuture<>();

        request.runOnContext(v -> clock.schedule(Duration.ofMillis(1), () -> ranOn.complete(Vertx.currentContext())));

        assertThat(ranOn.get(10, TimeUnit.SECONDS)).isSameAs(request);
    }

    @Test
    void aTimerSetOutsideAnyContextStillRunsAndCancels() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();

        clock.schedule(Duration.ofHours(1), () -> first.complete("cancelled one"))
                .cancel();
        clock.schedule(Duration.ofMillis(20), () -> first.complete("later one"));

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("later one");
    }

    @Test
    void aTimerCancelledFromAnotherThreadNeverRuns() throws Exception {
        CompletableFuture<GatewayClock.Timer> set = new CompletableFuture<>();
        CompletableFuture<String> first = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> {
            set.complete(clock.schedule(Duration.ofSeconds(1), () -> first.complete("cancelled one")));
            clock.schedule(Duration.ofMillis(1500), () -> first.complete("later one"));
        });

        set.get(10, TimeUnit.SECONDS).cancel();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("later one");
    }
}
