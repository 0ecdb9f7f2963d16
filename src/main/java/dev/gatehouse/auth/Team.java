package dev.gatehouse.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.GuardrailPolicy;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A team: a group of users and keys that share limits and a budget.
 *
 * @param models model names or patterns its keys may use; empty means every model
 * @param metadata free-form JSON object the admin attached
 * @param guardrails the guardrails it sets for its keys' requests and answers ({@link
 *     GuardrailPolicy#UNSET} inherits the model group's or the global policy); a key's own wins
 */
public record Team(
        String id,
        @Nullable String alias,
        List<String> models,
        ObjectNode metadata,
        Limits limits,
        Instant createdAt,
        GuardrailPolicy guardrails) {

    public Team {
        models = List.copyOf(models);
    }
}
