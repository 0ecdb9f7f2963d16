package dev.gatehouse.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A team: a group of users and keys that share limits and a budget.
 *
 * @param models model names or patterns its keys may use; empty means every model
 * @param metadata free-form JSON object the admin attached
 */
public record Team(
        String id, @Nullable String alias, List<String> models, ObjectNode metadata, Limits limits, Instant createdAt) {

    public Team {
        models = List.copyOf(models);
    }
}
