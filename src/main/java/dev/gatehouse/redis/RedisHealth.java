package dev.gatehouse.redis;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What limits and budgets do when Redis fails ({@code state.on_redis_failure}), and the record of
 * it: a count of failed Redis operations (shown by {@code GET /admin/v1/limits}) and one log line
 * when Redis becomes unreachable and one when it answers again, rather than one per request.
 * Thread-safe.
 */
public final class RedisHealth {

    private static final Logger LOG = LoggerFactory.getLogger(RedisHealth.class);

    private final boolean failClosed;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicBoolean down = new AtomicBoolean();

    public RedisHealth(boolean failClosed) {
        this.failClosed = failClosed;
    }

    public boolean failClosed() {
        return failClosed;
    }

    public long failures() {
        return failures.get();
    }

    public boolean down() {
        return down.get();
    }

    /** Counts a failed Redis operation; the first after a success logs that Redis is unreachable. */
    public void recordFailure(Throwable cause) {
        failures.incrementAndGet();
        if (down.compareAndSet(false, true)) {
            LOG.error(
                    "{\"event\":\"redis_unreachable\",\"policy\":\"{}\",\"error\":\"{}\"}",
                    failClosed ? "fail_closed" : "fail_open",
                    String.valueOf(cause.getMessage()).replace('"', '\''));
        }
    }

    public void recordSuccess() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.info("{\"event\":\"redis_reachable\",\"note\":\"limits and budgets are shared again\"}");
        }
    }

    /** The 503 a request gets under {@code fail_closed}. */
    public static GatewayError unavailable() {
        return GatewayError.of(
                ErrorKind.UNAVAILABLE,
                "Rate limits and budgets cannot be checked right now (their shared store is unreachable), so the request was not sent.",
                null,
                "limits_unavailable");
    }

    /** The 503 a budgeted request gets under {@code budgets_on_redis_failure: fail_closed}. */
    public static GatewayError budgetsUnavailable() {
        return GatewayError.of(
                ErrorKind.UNAVAILABLE,
                "Budgets cannot be checked right now (their shared store is unreachable), so this request, which falls "
                        + "under a budget, was not sent.",
                null,
                "budgets_unavailable");
    }
}
