package dev.gatehouse.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.RouterSettings;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The backoff arithmetic behind dispatch's retry timer (the timer itself runs on the gateway's
 * clock: RoutingEndToEndTest moves a manual one past a {@code Retry-After}).
 */
class RetryPolicyTest {

    private static final RouterSettings SETTINGS = new RouterSettings(
            3,
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            Duration.ofMinutes(1),
            10,
            RouterSettings.BreakerSettings.defaults(),
            Duration.ZERO);
    private static final double ALMOST_ONE = 0.999_999;

    @Test
    void theCeilingDoublesWithEachRetryUpToTheMaximum() {
        assertThat(RetryPolicy.backoff(1, null, SETTINGS, () -> ALMOST_ONE)).isEqualTo(Duration.ofMillis(99));
        assertThat(RetryPolicy.backoff(2, null, SETTINGS, () -> ALMOST_ONE)).isEqualTo(Duration.ofMillis(199));
        assertThat(RetryPolicy.backoff(3, null, SETTINGS, () -> ALMOST_ONE)).isEqualTo(Duration.ofMillis(399));
        assertThat(RetryPolicy.backoff(10, null, SETTINGS, () -> ALMOST_ONE)).isEqualTo(Duration.ofMillis(999));
    }

    @Test
    void fullJitterCanRetryAtOnce() {
        assertThat(RetryPolicy.backoff(3, null, SETTINGS, () -> 0.0)).isZero();
        assertThat(RetryPolicy.backoff(3, null, SETTINGS, () -> 0.5)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void neverRetriesSoonerThanRetryAfterNorLaterThanTheMaximum() {
        assertThat(RetryPolicy.backoff(1, Duration.ofMillis(700), SETTINGS, () -> 0.0))
                .isEqualTo(Duration.ofMillis(700));
        assertThat(RetryPolicy.backoff(1, Duration.ofSeconds(5), SETTINGS, () -> 0.0))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void movesOnWhenRetryAfterIsLongerThanTheMaximumWait() {
        GatewayError limited = GatewayError.of(ErrorKind.RATE_LIMITED, "slow down", null, null);

        assertThat(RetryPolicy.decide(limited.withRetryAfter(Duration.ofSeconds(1)), 1, SETTINGS))
                .isEqualTo(RetryPolicy.Action.RETRY);
        assertThat(RetryPolicy.decide(limited.withRetryAfter(Duration.ofSeconds(2)), 1, SETTINGS))
                .isEqualTo(RetryPolicy.Action.NEXT);
        assertThat(RetryPolicy.decide(limited, 4, SETTINGS))
                .as("retries used up")
                .isEqualTo(RetryPolicy.Action.NEXT);
    }
}
