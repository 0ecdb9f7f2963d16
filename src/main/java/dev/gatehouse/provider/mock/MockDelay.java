package dev.gatehouse.provider.mock;

import dev.gatehouse.time.GatewayClock;
import java.time.Duration;

/**
 * Runs an action after a simulated delay with a timer of the clock, never by sleeping, so one event loop
 * can hold thousands of slow mock responses. Runs the action at once when the delay is under a
 * millisecond, which Vert.x timers cannot express. Stateless.
 */
final class MockDelay {

    private MockDelay() {}

    static void after(GatewayClock clock, Duration delay, Runnable action) {
        if (delay.toMillis() < 1) {
            action.run();
        } else {
            clock.schedule(delay, action);
        }
    }
}
