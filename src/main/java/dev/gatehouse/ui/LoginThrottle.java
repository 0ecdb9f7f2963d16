package dev.gatehouse.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows key guessing on the sign-in form: an address with {@value #MAX_FAILURES} failed sign-ins in
 * the last {@link #WINDOW} is refused until the oldest ages out. Per instance and in memory: the
 * keys' 192 random bits make guessing hopeless anyway; this keeps the form from being a free oracle.
 * Thread-safe.
 */
final class LoginThrottle {

    static final int MAX_FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(15);
    private static final int MAX_ADDRESSES = 10_000;

    private final InstantSource clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    LoginThrottle(InstantSource clock) {
        this.clock = clock;
    }

    synchronized boolean blocked(String address) {
        Deque<Instant> times = failures.get(address);
        if (times == null) {
            return false;
        }
        Instant cutoff = clock.instant().minus(WINDOW);
        while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
            times.pollFirst();
        }
        return times.size() >= MAX_FAILURES;
    }

    synchronized void failed(String address) {
        failures.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(clock.instant());
    }
}
