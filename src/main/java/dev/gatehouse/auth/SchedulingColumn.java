package dev.gatehouse.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.Priority;
import dev.gatehouse.config.QueuePolicy;
import dev.gatehouse.json.Json;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code scheduling} column (V341) as JSON: {@code {"queue":{"max_wait_ms":n,"max_depth":n},
 * "priority":"normal","allowed_priorities":["normal","low"]}}, or NULL when the scope sets none.
 */
final class SchedulingColumn {

    private SchedulingColumn() {}

    static @Nullable String write(Scheduling s) {
        if (s.isEmpty()) {
            return null;
        }
        ObjectNode out = Json.object();
        QueuePolicy queue = s.queue();
        if (queue != null) {
            out.putObject("queue")
                    .put("max_wait_ms", queue.maxWait().toMillis())
                    .put("max_depth", queue.maxDepth());
        }
        if (s.priority() != null) {
            out.put("priority", s.priority().wire());
        }
        if (!s.allowedPriorities().isEmpty()) {
            ArrayNode allowed = out.putArray("allowed_priorities");
            for (Priority p : Priority.values()) {
                if (s.allowedPriorities().contains(p)) {
                    allowed.add(p.wire());
                }
            }
        }
        return out.toString();
    }

    static Scheduling read(@Nullable String text) {
        if (text == null) {
            return Scheduling.NONE;
        }
        JsonNode node = Json.parse(text);
        JsonNode q = node.get("queue");
        QueuePolicy queue = q == null
                ? null
                : new QueuePolicy(
                        Duration.ofMillis(q.path("max_wait_ms").asLong()),
                        q.path("max_depth").asInt());
        JsonNode p = node.get("priority");
        Set<Priority> allowed = EnumSet.noneOf(Priority.class);
        for (JsonNode a : node.path("allowed_priorities")) {
            Priority parsed = Priority.parse(a.asText());
            if (parsed != null) {
                allowed.add(parsed);
            }
        }
        return new Scheduling(queue, p == null ? null : Priority.parse(p.asText()), allowed);
    }
}
