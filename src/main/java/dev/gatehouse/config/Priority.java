package dev.gatehouse.config;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How urgent a request is ({@code x-gatehouse-priority} or {@code x-gateway-options.priority}): under
 * contention a queue admits higher priorities first, and low priority may use only a share of a
 * deployment's provider rate limit. Declared from the most to the least urgent.
 */
public enum Priority {
    HIGH,
    NORMAL,
    LOW;

    /** The name on the wire and in config: {@code high}, {@code normal}, {@code low}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The priority of a wire name, or null when there is none. */
    public static @Nullable Priority parse(String wire) {
        for (Priority p : values()) {
            if (p.wire().equals(wire)) {
                return p;
            }
        }
        return null;
    }
}
