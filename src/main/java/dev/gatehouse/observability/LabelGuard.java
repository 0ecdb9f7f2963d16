package dev.gatehouse.observability;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Keeps one metric label's distinct values bounded: the first {@code limit} values seen are reported
 * as themselves, every later one as {@link #OTHER}. Each series costs memory in the gateway and in
 * Prometheus, so ten thousand keys must not become ten thousand series. Thread-safe and lock-free; a
 * value once admitted stays admitted until the process ends (a lowered limit applies to new values).
 */
final class LabelGuard {

    static final String OTHER = "other";
    static final String NONE = "none";

    private final ConcurrentHashMap<String, Boolean> admitted = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    /** The label for {@code value}: itself, {@code other} past the limit, {@code none} when absent. */
    String label(@Nullable String value, int limit) {
        if (value == null) {
            return NONE;
        }
        if (admitted.containsKey(value)) {
            return value;
        }
        // Reserve a slot before adding, so racing threads can never admit more than the limit.
        if (size.incrementAndGet() > limit) {
            size.decrementAndGet();
            return OTHER;
        }
        if (admitted.putIfAbsent(value, Boolean.TRUE) != null) {
            size.decrementAndGet();
        }
        return value;
    }

    int size() {
        return admitted.size();
    }
}
