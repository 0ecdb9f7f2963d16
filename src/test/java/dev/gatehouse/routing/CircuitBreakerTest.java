package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.RouterSettings.BreakerSettings;
import dev.gatehouse.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Breaker transitions, driven by an injected clock rather than sleeps. */
class CircuitBreakerTest {

    private final ManualClock clock = new ManualClock();
    private final CircuitBreaker breaker = new CircuitBreaker(
            new BreakerSettings(3, 0.5, 10, Duration.ofSeconds(60), Duration.ofSeconds(30), 1), clock);

    @Test
    void opensAfterConsecutiveFailuresAndLetsNothingThroughUntilTheCooldownEnds() {
        breaker.onFailure(null);
        breaker.onFailure(null);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.onFailure(null);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(29));
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void recoversThroughHalfOpenWithOneProbe() {
        openIt();
        clock.advance(Duration.ofSeconds(30));

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).as("the probe").isTrue();
        assertThat(breaker.tryAcquire()).as("only one probe at a time").isFalse();
        breaker.onSuccess();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aFailedProbeOpensItAgain() {
        openIt();
        clock.advance(Duration.ofSeconds(31));
        assertThat(breaker.tryAcquire()).isTrue();

        breaker.onFailure(null);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void aClientErrorReleasesTheProbeWithoutAVerdict() {
        openIt();
        clock.advance(Duration.ofSeconds(31));
        assertThat(breaker.tryAcquire()).isTrue();

        breaker.onNeutral();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void honoursALongerRetryAfterThanItsCooldown() {
        breaker.onFailure(null);
        breaker.onFailure(null);
        breaker.onFailure(Duration.ofSeconds(120));

        clock.advance(Duration.ofSeconds(60));
        assertThat(breaker.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(61));
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void opensOnErrorRateOverTheWindowWithoutConsecutiveFailures() {
        for (int i = 0; i < 10; i++) {
            breaker.onSuccess();
            breaker.onFailure(null);
            clock.advance(Duration.ofSeconds(2));
        }

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void forgetsOutcomesOlderThanTheWindow() {
        for (int i = 0; i < 4; i++) {
            breaker.onSuccess();
            breaker.onFailure(null);
        }
        clock.advance(Duration.ofSeconds(120));
        // Counted with the old ones this would be 5 failures in 10: the error rate that opens it.
        breaker.onSuccess();
        breaker.onFailure(null);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void anotherInstancesOpenBreakerLetsNothingThroughUntilItsTimeWithoutATransitionHere() {
        breaker.sharedOpen(clock.instant().plus(Duration.ofSeconds(10)));

        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.isAvailable()).isFalse();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.openUntil()).isEqualTo(clock.instant().plus(Duration.ofSeconds(10)));
        assertThat(breaker.transitionsTo(CircuitBreaker.State.OPEN)).isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void anotherInstancesClosedBreakerEndsItsSharedOpenStateAtOnce() {
        breaker.sharedOpen(clock.instant().plus(Duration.ofSeconds(10)));
        breaker.sharedClosed();

        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.openUntil()).isNull();
    }

    @Test
    void tellsItsListenerOfEachStateItEntersWithTheCooldownsEnd() {
        java.util.List<String> heard = new java.util.ArrayList<>();
        breaker.onTransition((state, until) -> heard.add(state + "@" + until));
        java.time.Instant openedAt = clock.instant();
        openIt();
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess();

        assertThat(heard)
                .containsExactly("OPEN@" + openedAt.plus(Duration.ofSeconds(30)), "HALF_OPEN@null", "CLOSED@null");
    }

    private void openIt() {
        breaker.onFailure(null);
        breaker.onFailure(null);
        breaker.onFailure(null);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
