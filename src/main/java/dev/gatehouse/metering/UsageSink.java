package dev.gatehouse.metering;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where finished requests' usage records go. Called on event-loop threads once per request:
 * implementations never block or make a system call on the caller's thread.
 */
public interface UsageSink {

    /**
     * Takes {@code record}; {@code written} runs once the record is where a crash of the process
     * cannot lose it: on the caller's thread before this returns, or later on another thread.
     */
    void accept(UsageRecord record, Runnable written);

    default void accept(UsageRecord record) {
        accept(record, () -> {});
    }

    /** Records nothing: usage logging turned off ({@code usage.enabled: false}). */
    UsageSink OFF = (record, written) -> written.run();

    /**
     * Gives every record to {@code first}, then to {@code second}; {@code written} runs once both
     * said theirs is safe, on the thread of the one that said it last.
     */
    static UsageSink both(UsageSink first, UsageSink second) {
        return (record, written) -> {
            AtomicInteger waiting = new AtomicInteger(2);
            Runnable one = () -> {
                if (waiting.decrementAndGet() == 0) {
                    written.run();
                }
            };
            first.accept(record, one);
            second.accept(record, one);
        };
    }
}
