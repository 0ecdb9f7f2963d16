package dev.gatehouse.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A limit that queues instead of refusing ({@code queue: {max_wait: 30s, max_depth: 1000}}): a
 * request it would refuse waits up to {@code maxWait} for room, behind at most {@code maxDepth}
 * others waiting on the same limit in this instance; past either it gets the usual 429.
 */
public record QueuePolicy(Duration maxWait, int maxDepth) {

    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_DEPTH = 1000;
    /** No request waits longer than this in a queue; longer is taken for a unit mistake. */
    public static final Duration LONGEST_WAIT = Duration.ofHours(1);

    public static final int DEEPEST = 1_000_000;

    /** Reads a {@code queue:} section of config; null when there is none. */
    static @Nullable QueuePolicy read(ConfigNode parent, String field) {
        ConfigNode node = parent.object(field);
        if (node == null) {
            return null;
        }
        Duration wait = node.duration("max_wait", DEFAULT_MAX_WAIT);
        if (wait.isNegative() || wait.isZero() || wait.compareTo(LONGEST_WAIT) > 0) {
            node.problem("max_wait", "must be more than 0 and at most 1h, got " + wait);
        }
        int depth = node.integer("max_depth", DEFAULT_MAX_DEPTH, 1, DEEPEST);
        node.finish();
        return new QueuePolicy(wait, depth);
    }
}
