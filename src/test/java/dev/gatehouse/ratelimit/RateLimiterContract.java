package dev.gatehouse.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.ManualClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RateLimiter} promises; each implementation's test supplies one on a {@link ManualClock}. */
public abstract class RateLimiterContract {

    protected final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));
    protected RateLimiter limiter;

    /** A fresh limiter with no state, on {@link #clock}. */
    protected abstract RateLimiter newLimiter();

    @BeforeEach
    void open() {
        limiter = newLimiter();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Reservation ask(long in, long out, Bucket... buckets) {
        return new Reservation(UUID.randomUUID().toString(), List.of(buckets), in, out);
    }

    private static long remaining(Decision d, Bucket b) {
        return d.states().stream()
                .filter(s -> s.bucket().equals(b))
                .findFirst()
                .orElseThrow()
                .remaining();
    }

    @Test
    void admitsUntilTheBucketIsEmptyThenRefusesWithRetryAfter() throws Exception {
        Bucket rpm = new Bucket("key", "k1", Meter.REQUESTS, 2);
        assertThat(await(limiter.reserve(ask(10, 10, rpm))).admitted()).isTrue();
        Decision second = await(limiter.reserve(ask(10, 10, rpm)));
        assertThat(second.admitted()).isTrue();
        assertThat(remaining(second, rpm)).isZero();

        Decision third = await(limiter.reserve(ask(10, 10, rpm)));
        assertThat(third.admitted()).isFalse();
        assertThat(third.refused()).isEqualTo(rpm);
        assertThat(third.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void refillsContinuouslyWithTheClock() throws Exception {
        Bucket tpm = new Bucket("key", "k1", Meter.TOKENS, 600);
        assertThat(await(limiter.reserve(ask(500, 100, tpm))).admitted()).isTrue();
        assertThat(await(limiter.reserve(ask(5, 5, tpm))).admitted()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        Decision after = await(limiter.reserve(ask(5, 5, tpm)));
        assertThat(after.admitted()).isTrue();
        assertThat(remaining(after, tpm)).isZero();
        assertThat(after.states().get(0).reset()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void rejectsWhenAnyScopeWouldOverspendAndTakesNothingFromTheOthers() throws Exception {
        Bucket keyTpm = new Bucket("key", "k1", Meter.TOKENS, 1000);
        Bucket teamTpm = new Bucket("team", "t1", Meter.TOKENS, 100);
        Bucket keyRpm = new Bucket("key", "k1", Meter.REQUESTS, 10);

        Decision refused = await(limiter.reserve(ask(150, 50, keyRpm, keyTpm, teamTpm)));
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.refused()).isEqualTo(teamTpm);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(1));

        Decision admitted = await(limiter.reserve(ask(50, 50, keyRpm, keyTpm, teamTpm)));
        assertThat(admitted.admitted()).isTrue();
        assertThat(remaining(admitted, keyRpm)).isEqualTo(9);
        assertThat(remaining(admitted, keyTpm)).isEqualTo(900);
        assertThat(remaining(admitted, teamTpm)).isZero();
    }

    @Test
    void namesTheFirstRefusingBucketAndWaitsForTheSlowest() throws Exception {
        Bucket input = new Bucket("key", "k1", Meter.INPUT_TOKENS, 600);
        Bucket output = new Bucket("global", "*", Meter.OUTPUT_TOKENS, 60);
        assertThat(await(limiter.reserve(ask(600, 60, input, output))).admitted())
                .isTrue();

        Decision refused = await(limiter.reserve(ask(60, 30, input, output)));
        assertThat(refused.refused()).isEqualTo(input);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void settlingReturnsWhatWasNotUsedAndChargesAnOverrun() throws Exception {
        Bucket tpm = new Bucket("key", "k1", Meter.TOKENS, 1000);
        Bucket out = new Bucket("key", "k1", Meter.OUTPUT_TOKENS, 1000);
        Reservation r = ask(100, 400, tpm, out);
        assertThat(await(limiter.reserve(r)).admitted()).isTrue();
        await(limiter.settle(r, 100, 50));
        assertThat(remaining(await(limiter.reserve(ask(0, 0, tpm, out))), tpm)).isEqualTo(850);

        Reservation big = ask(100, 100, tpm);
        assertThat(await(limiter.reserve(big)).admitted()).isTrue();
        await(limiter.settle(big, 100, 800));
        Decision after = await(limiter.reserve(ask(1, 0, tpm)));
        assertThat(after.admitted()).isFalse();
        assertThat(after.retryAfter()).isEqualTo(Duration.ofMillis(3060));
    }

    @Test
    void releaseGivesBackTokensButTheRequestStillCounts() throws Exception {
        Bucket rpm = new Bucket("key", "k1", Meter.REQUESTS, 5);
        Bucket tpm = new Bucket("key", "k1", Meter.TOKENS, 1000);
        Reservation r = ask(300, 300, rpm, tpm);
        await(limiter.reserve(r));
        await(limiter.release(r));

        Decision next = await(limiter.reserve(ask(0, 0, rpm, tpm)));
        assertThat(remaining(next, rpm)).isEqualTo(3);
        assertThat(remaining(next, tpm)).isEqualTo(1000);
    }

    @Test
    void parallelSlotsAreHeldUntilSettledOrReleased() throws Exception {
        Bucket parallel = new Bucket("user", "u1", Meter.PARALLEL, 2);
        Reservation a = ask(1, 1, parallel);
        Reservation b = ask(1, 1, parallel);
        assertThat(await(limiter.reserve(a)).admitted()).isTrue();
        assertThat(await(limiter.reserve(b)).admitted()).isTrue();
        Decision third = await(limiter.reserve(ask(1, 1, parallel)));
        assertThat(third.admitted()).isFalse();
        assertThat(third.retryAfter()).isEqualTo(Duration.ofSeconds(1));

        clock.advance(Duration.ofMinutes(5));
        assertThat(await(limiter.reserve(ask(1, 1, parallel))).admitted()).isFalse();
        await(limiter.settle(a, 1, 1));
        await(limiter.release(b));
        Reservation c = ask(1, 1, parallel);
        assertThat(await(limiter.reserve(c)).admitted()).isTrue();
        assertThat(await(limiter.reserve(ask(1, 1, parallel))).admitted()).isTrue();
    }

    @Test
    void aRequestLargerThanTheLimitIsRefusedForAMinute() throws Exception {
        Bucket tpm = new Bucket("key", "k1", Meter.TOKENS, 100);
        Decision d = await(limiter.reserve(ask(90, 20, tpm)));
        assertThat(d.admitted()).isFalse();
        assertThat(d.retryAfter()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aSlidingWindowAllowsNoBurstAcrossAMinuteEdge() throws Exception {
        Bucket rpm = new Bucket("key", "k1", null, Meter.REQUESTS, 10, true);
        clock.advance(Duration.ofSeconds(50));
        for (int i = 0; i < 10; i++) {
            assertThat(await(limiter.reserve(ask(1, 1, rpm))).admitted()).isTrue();
        }
        Decision full = await(limiter.reserve(ask(1, 1, rpm)));
        assertThat(full.admitted()).isFalse();
        assertThat(full.retryAfter()).isEqualTo(Duration.ofSeconds(16));

        clock.advance(Duration.ofSeconds(20));
        Decision one = await(limiter.reserve(ask(1, 1, rpm)));
        assertThat(one.admitted()).isTrue();
        assertThat(one.states().get(0).remaining()).isZero();
        assertThat(await(limiter.reserve(ask(1, 1, rpm))).admitted()).isFalse();
    }

    @Test
    void aSlidingWindowSettlesToRealUsage() throws Exception {
        Bucket tpm = new Bucket("key", "k1", null, Meter.TOKENS, 1000, true);
        Reservation r = ask(100, 800, tpm);
        assertThat(await(limiter.reserve(r)).admitted()).isTrue();
        assertThat(await(limiter.reserve(ask(100, 100, tpm))).admitted()).isFalse();
        await(limiter.settle(r, 100, 50));
        Decision after = await(limiter.reserve(ask(100, 100, tpm)));
        assertThat(after.admitted()).isTrue();
        assertThat(after.states().get(0).remaining()).isEqualTo(650);
    }

    @Test
    void concurrentReservationsNeverAdmitMoreThanTheLimit() throws Exception {
        Bucket tpm = new Bucket("key", "k1", Meter.TOKENS, 10_000);
        List<Future<Decision>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(limiter.reserve(ask(70, 30, tpm)));
        }
        long admitted = 0;
        for (Future<Decision> f : all) {
            if (await(f).admitted()) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(100);
    }
}
