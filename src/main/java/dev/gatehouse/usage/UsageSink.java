package dev.gatehouse.usage;

/**
 * Where finished requests' usage records go. Called on event-loop threads once per request:
 * implementations only enqueue, never block or do I/O on the caller's thread.
 */
public interface UsageSink {

    /**
     * Enqueues {@code record}; {@code written} runs (on some other thread) once the record is in the
     * spool file, where it survives a crash of the process.
     */
    void accept(UsageRecord record, Runnable written);

    default void accept(UsageRecord record) {
        accept(record, () -> { });
    }

    /** Records nothing: usage logging turned off ({@code usage.enabled: false}). */
    UsageSink OFF = (record, written) -> written.run();
}
