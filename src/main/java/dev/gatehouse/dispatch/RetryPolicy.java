package dev.gatehouse.dispatch;

import dev.gatehouse.config.RouterSettings;
import dev.gatehouse.error.GatewayError;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What dispatch does after a failed attempt, by error class: rate limits, server errors, timeouts
 * and connection failures are retried on the same deployment with exponential backoff and full
 * jitter (never sooner than the provider's {@code Retry-After}), then the next deployment is tried;
 * credential and model-not-found errors move on at once; a context-length error moves on only to a
 * larger window; any other client error ends the request, since no provider would take it.
 */
final class RetryPolicy {

    enum Action {
        /** Try the same deployment again after a backoff. */
        RETRY,
        /** Try the next deployment in the plan. */
        NEXT,
        /** Try the next deployment with a larger context window. */
        NEXT_LARGER_WINDOW,
        /** Give the client this error. */
        STOP
    }

    /** Whether the failure says something about the deployment's health (feeds its breaker). */
    static boolean countsAgainstDeployment(GatewayError e) {
        return switch (e.kind()) {
            case RATE_LIMITED,
                    SERVER_ERROR,
                    BAD_UPSTREAM_RESPONSE,
                    UNAVAILABLE,
                    TIMEOUT,
                    AUTH_ERROR,
                    PERMISSION_DENIED -> true;
            default -> false;
        };
    }

    static Action decide(GatewayError e, int triesOnDeployment, RouterSettings settings) {
        return switch (e.kind()) {
            case RATE_LIMITED, SERVER_ERROR, BAD_UPSTREAM_RESPONSE, UNAVAILABLE, TIMEOUT -> {
                boolean waitTooLong = e.retryAfter() != null && e.retryAfter().compareTo(settings.backoffMax()) > 0;
                yield triesOnDeployment <= settings.retries() && !waitTooLong ? Action.RETRY : Action.NEXT;
            }
            case AUTH_ERROR, PERMISSION_DENIED, NOT_FOUND -> Action.NEXT;
            case CONTEXT_LENGTH_EXCEEDED -> Action.NEXT_LARGER_WINDOW;
            default -> Action.STOP;
        };
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    static Duration backoff(int retry, @Nullable Duration retryAfter, RouterSettings settings, DoubleSupplier random) {
        long cap = Math.min(
                settings.backoffMax().toMillis(), settings.backoffBase().toMillis() << Math.min(retry - 1, 20));
        long jittered = (long) (random.getAsDouble() * cap);
        long wait = retryAfter == null ? jittered : Math.max(jittered, retryAfter.toMillis());
        return Duration.ofMillis(Math.min(wait, settings.backoffMax().toMillis()));
    }

    private RetryPolicy() {}
}
