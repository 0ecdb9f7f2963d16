package dev.gatehouse.provider.mock;

import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Runs an action after a simulated delay with a Vert.x timer, never by sleeping, so one event loop
 * can hold thousands of slow mock responses. Runs the action at once when the delay is under a
 * millisecond, which Vert.x timers cannot express. Stateless.
 */
final class MockDelay {

    private MockDelay() {}

    static void after(Vertx vertx, Duration delay, Runnable action) {
        long millis = delay.toMillis();
        if (millis < 1) {
            action.run();
        } else {
            vertx.setTimer(millis, id -> action.run());
        }
    }
}
