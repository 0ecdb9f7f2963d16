package dev.gatehouse.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.Priority;
import dev.gatehouse.config.QueuePolicy;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queue's order over a shared limit, on a memory limiter and a {@link ManualClock}, without a server. */
class LimitQueueTest {

    private final ManualClock clock = new ManualClock();
    private final MemoryRateLimiter limiter = new MemoryRateLimiter(clock);
    private final LimitQueue queue = new LimitQueue(clock);
    /** A team's 1 rpm, shared by every key of the team: one request per 60 s. */
    private final Bucket team = new Bucket("team", "t1", null, Meter.REQUESTS, 1, true);

    private final List<String> admitted = new ArrayList<>();
    private int sequence;

    private void submit(String key, Priority priority) {
        String name = key + (sequence++);
        Reservation r = new Reservation(name, List.of(team), 0, 0);
        queue.admit(
                        new LimitQueue.Entry(
                                r,
                                limiter,
                                priority,
                                key,
                                b -> new QueuePolicy(Duration.ofMinutes(30), 100),
                                d -> GatewayError.of(ErrorKind.RATE_LIMITED, "full", null, "rate_limit_exceeded")),
                        hook -> {})
                .onSuccess(a -> admitted.add(name));
    }

    @Test
    void takesTurnsAcrossKeysSoOneKeyCannotFillASharedLimit() {
        submit("a", Priority.NORMAL);
        submit("a", Priority.NORMAL);
        submit("a", Priority.NORMAL);
        submit("a", Priority.NORMAL);
        submit("b", Priority.NORMAL);
        submit("c", Priority.NORMAL);
        assertThat(queue.depth()).isEqualTo(5);

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(60));
        }
        assertThat(admitted).containsExactly("a0", "a1", "b4", "c5", "a2", "a3");
        assertThat(queue.depth()).isZero();
    }

    @Test
    void admitsHigherPrioritiesFirstAndFirstComeFirstServedWithinOne() {
        submit("a", Priority.NORMAL);
        submit("a", Priority.LOW);
        submit("a", Priority.NORMAL);
        submit("a", Priority.HIGH);
        submit("a", Priority.LOW);

        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(60));
        }
        assertThat(admitted).containsExactly("a0", "a3", "a2", "a1", "a4");
    }
}
