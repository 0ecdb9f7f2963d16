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

    /** Another instance sharing {@link #limiter}'s state, as a second gateway would (memory: the same one). */
    protected RateLimiter peer() {
        return limiter;
    }

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
    void aSlidingWindowRefusesAtTheStartOfTheNextMinuteWhatTheEndOfThisOneFilled() throws Exception {
        Bucket rpm = new Bucket("key", "k1", null, Meter.REQUESTS, 10, true);
        clock.advance(Duration.ofMillis(59_900));
        for (int i = 0; i < 10; i++) {
            assertThat(await(limiter.reserve(ask(1, 1, rpm))).admitted()).isTrue();
        }

        clock.advance(Duration.ofMillis(200));
        Decision nextMinute = await(limiter.reserve(ask(1, 1, rpm)));
        assertThat(nextMinute.admitted()).isFalse();
        assertThat(nextMinute.retryAfter()).isEqualTo(Duration.ofMillis(59_800));
        assertThat(nextMinute.states().get(0).remaining()).isZero();
        assertThat(nextMinute.states().get(0).reset()).isEqualTo(Duration.ofMillis(59_800));

        clock.advance(Duration.ofMillis(59_799));
        assertThat(await(limiter.reserve(ask(1, 1, rpm))).admitted()).isFalse();
        clock.advance(Duration.ofMillis(1));
        Decision oneMinuteLater = await(limiter.reserve(ask(1, 1, rpm)));
        assertThat(oneMinuteLater.admitted()).isTrue();
        assertThat(oneMinuteLater.states().get(0).remaining()).isEqualTo(9);
        assertThat(oneMinuteLater.states().get(0).reset()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aSlidingWindowSettlesEachRequestsEntryDownAndUp() throws Exception {
        Bucket tpm = new Bucket("key", "k1", null, Meter.TOKENS, 1000, true);
        Reservation first = ask(100, 700, tpm);
        assertThat(await(limiter.reserve(first)).admitted()).isTrue();
        assertThat(await(limiter.reserve(ask(100, 200, tpm))).admitted()).isFalse();
        await(limiter.settle(first, 100, 50));

        clock.advance(Duration.ofSeconds(10));
        Reservation second = ask(100, 300, tpm);
        Decision admitted = await(limiter.reserve(second));
        assertThat(admitted.admitted()).isTrue();
        assertThat(admitted.states().get(0).remaining()).isEqualTo(450);
        await(limiter.settle(second, 100, 800));

        // 150 + 900 used: the next 100 fits only once the first request's 150 left the window.
        clock.advance(Duration.ofSeconds(10));
        Decision over = await(limiter.reserve(ask(50, 50, tpm)));
        assertThat(over.admitted()).isFalse();
        assertThat(over.retryAfter()).isEqualTo(Duration.ofSeconds(40));
        assertThat(over.states().get(0).remaining()).isZero();
        assertThat(over.states().get(0).reset()).isEqualTo(Duration.ofSeconds(50));
        clock.advance(Duration.ofSeconds(40));
        assertThat(await(limiter.reserve(ask(50, 50, tpm))).admitted()).isTrue();
    }

    @Test
    void anOverrunSettledAfterItsEntryLeftTheWindowStillCounts() throws Exception {
        Bucket tpm = new Bucket("key", "k1", null, Meter.TOKENS, 1000, true);
        Reservation longStream = ask(50, 50, tpm);
        assertThat(await(limiter.reserve(longStream)).admitted()).isTrue();
        clock.advance(Duration.ofSeconds(90));
        await(limiter.settle(longStream, 50, 750));

        Decision next = await(limiter.reserve(ask(100, 100, tpm)));
        assertThat(next.admitted()).isTrue();
        assertThat(next.states().get(0).remaining()).isEqualTo(100);
    }

    @Test
    void aReleasedSlidingWindowRequestGivesBackItsTokensButNotItsRequest() throws Exception {
        Bucket rpm = new Bucket("key", "k1", null, Meter.REQUESTS, 5, true);
        Bucket tpm = new Bucket("key", "k1", null, Meter.TOKENS, 1000, true);
        Reservation r = ask(300, 300, rpm, tpm);
        await(limiter.reserve(r));
        await(limiter.release(r));

        Decision next = await(limiter.reserve(ask(0, 0, rpm, tpm)));
        assertThat(remaining(next, rpm)).isEqualTo(3);
        assertThat(remaining(next, tpm)).isEqualTo(1000);
        assertThat(next.states().get(1).reset()).isZero();
    }

    @Test
    void aSlidingWindowAdmitsAtMostItsLimitInEveryWindowOfItsLength() throws Exception {
        Bucket tpm = new Bucket("key", "k1", null, Meter.TOKENS, 1000, true);
        Bucket input = new Bucket("team", "t1", null, Meter.INPUT_TOKENS, 600, true);
        for (long seed = 1; seed <= 3; seed++) {
            clock.advance(Duration.ofMinutes(2)); // each run starts from an idle, full limit
            AdversarialTraffic traffic = new AdversarialTraffic(
                            clock, List.of(limiter, peer()), List.of(tpm, input), seed, false)
                    .run(400, AdversarialTraffic::slidingWindowFits);
            assertThat(traffic.mostInAnyWindow(tpm, Bucket.WINDOW_MILLIS)).isLessThanOrEqualTo(1000);
            assertThat(traffic.mostInAnyWindow(input, Bucket.WINDOW_MILLIS)).isLessThanOrEqualTo(600);
            assertThat(traffic.admitted()).hasSizeGreaterThan(50);
            assertThat(traffic.refusals()).isPositive();
        }
    }

    @Test
    void aSlidingWindowWithOverrunsStillAdmitsNoMoreThanItsLimitOfEstimates() throws Exception {
        Bucket tpm = new Bucket("key", "k1", null, Meter.TOKENS, 1000, true);
        Bucket input = new Bucket("team", "t1", null, Meter.INPUT_TOKENS, 600, true);
        AdversarialTraffic traffic =
                new AdversarialTraffic(clock, List.of(limiter, peer()), List.of(tpm, input), 7, true).run(400, null);
        assertThat(traffic.mostInAnyWindow(tpm, Bucket.WINDOW_MILLIS)).isLessThanOrEqualTo(1000);
        assertThat(traffic.mostInAnyWindow(input, Bucket.WINDOW_MILLIS)).isLessThanOrEqualTo(600);
        assertThat(traffic.admitted()).hasSizeGreaterThan(30);
    }

    @Test
    void aTokenBucketAdmitsAtMostItsBurstPlusItsRefillInEveryInterval() throws Exception {
        Bucket tpm = new Bucket("key", "k1", Meter.TOKENS, 1000);
        Bucket input = new Bucket("team", "t1", Meter.INPUT_TOKENS, 600);
        for (long seed = 1; seed <= 3; seed++) {
            clock.advance(Duration.ofMinutes(2)); // each run starts from an idle, full limit
            AdversarialTraffic traffic = new AdversarialTraffic(
                            clock, List.of(limiter, peer()), List.of(tpm, input), seed, seed == 3)
                    .run(400, null);
            // Redis keeps levels as 14-digit decimals, hence the tolerance.
            assertThat(traffic.mostBeyondBurstPlusRefill(tpm)).isLessThanOrEqualTo(1e-6);
            assertThat(traffic.mostBeyondBurstPlusRefill(input)).isLessThanOrEqualTo(1e-6);
            assertThat(traffic.admitted()).hasSizeGreaterThan(50);
            assertThat(traffic.refusals()).isPositive();
        }
    }

    @Test
    void aTokenBucketGivesBackUnusedTokensOnlyUpToItsBurst() throws Exception {
        Bucket tpm = new Bucket("key", "k1", Meter.TOKENS, 1000);
        Reservation all = ask(500, 500, tpm);
        assertThat(await(limiter.reserve(all)).admitted()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        await(limiter.settle(all, 0, 0));

        Decision full = await(limiter.reserve(ask(500, 500, tpm)));
        assertThat(full.admitted()).isTrue();
        assertThat(full.states().get(0).remaining()).isZero();
        assertThat(await(limiter.reserve(ask(1, 0, tpm))).admitted()).isFalse();
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
