package dev.gatehouse.metering;

import java.util.concurrent.atomic.LongAdder;

/**
 * Requests the {@link Meter} has seen start but not yet recorded, and of those the streams whose
 * answer is flowing to the client. Every request is recorded exactly once, so each count goes back
 * down when its request ends, however it ends. Thread-safe; updated from every event loop.
 */
public final class InFlight {

    private final LongAdder requests = new LongAdder();
    private final LongAdder streams = new LongAdder();

    public long requests() {
        return requests.sum();
    }

    public long streams() {
        return streams.sum();
    }

    void requestStarted() {
        requests.increment();
    }

    void streamStarted() {
        streams.increment();
    }

    void ended(boolean wasStream) {
        requests.decrement();
        if (wasStream) {
            streams.decrement();
        }
    }
}
