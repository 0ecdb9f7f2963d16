package dev.gatehouse.metering;

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
}
