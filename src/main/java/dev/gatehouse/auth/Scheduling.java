package dev.gatehouse.auth;

import dev.gatehouse.config.Priority;
import dev.gatehouse.config.QueuePolicy;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a scope's requests wait and rank: whether its limits queue instead of refusing, and (for a key)
 * the priority its requests get and which priorities they may ask for.
 *
 * @param queue the scope's limits queue a refused request this way; null: they refuse at once
 * @param priority the priority of a request that asks for none; null means {@link Priority#NORMAL}
 * @param allowedPriorities the priorities a request may ask for; empty means the default set
 *     ({@link #DEFAULT_ALLOWED} plus the key's own {@code priority})
 */
public record Scheduling(
        @Nullable QueuePolicy queue, @Nullable Priority priority, Set<Priority> allowedPriorities) {

    public static final Scheduling NONE = new Scheduling(null, null, Set.of());

    /** What a key may ask for when its admin chose nothing: normal and low; high is granted explicitly. */
    public static final Set<Priority> DEFAULT_ALLOWED = Set.of(Priority.NORMAL, Priority.LOW);

    public Scheduling {
        allowedPriorities = Set.copyOf(allowedPriorities);
    }

    public Priority defaultPriority() {
        return priority == null ? Priority.NORMAL : priority;
    }

    /** Whether a request of this scope may ask for {@code p}. */
    public boolean mayAsk(Priority p) {
        if (!allowedPriorities.isEmpty()) {
            return allowedPriorities.contains(p);
        }
        Set<Priority> allowed = EnumSet.copyOf(DEFAULT_ALLOWED);
        allowed.add(defaultPriority());
        return allowed.contains(p);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
