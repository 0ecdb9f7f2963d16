package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.auth.Scheduling;
import dev.gatehouse.config.Priority;
import dev.gatehouse.config.QueuePolicy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The queueing and priority fields of keys, users and teams: {@code queue} ({@code {"max_wait":"30s",
 * "max_depth":1000}}, or null for none), {@code priority} and {@code allowed_priorities}.
 */
final class SchedulingFields {

    static final Set<String> NAMES = Set.of("queue", "priority", "allowed_priorities");

    private SchedulingFields() {}

    /** {@code current} with every scheduling field present in {@code body} replaced (null clears it). */
    static Scheduling merge(Scheduling current, AdminBody body) {
        return new Scheduling(
                body.has("queue") ? queue(body.raw("queue")) : current.queue(),
                body.has("priority") ? priority(body.string("priority"), "priority") : current.priority(),
                body.has("allowed_priorities") ? allowed(body) : current.allowedPriorities());
    }

    private static @Nullable QueuePolicy queue(@Nullable JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw AdminBody.error(
                    "'queue' must be a JSON object such as {\"max_wait\":\"30s\",\"max_depth\":1000}.",
                    "queue",
                    "invalid_value");
        }
        v.fieldNames().forEachRemaining(f -> {
            if (!f.equals("max_wait") && !f.equals("max_depth")) {
                throw AdminBody.error(
                        "Unknown field 'queue." + f + "'; use max_wait and max_depth.", "queue." + f, "unknown_field");
            }
        });
        Duration wait = v.has("max_wait") ? waitOf(v.get("max_wait")) : QueuePolicy.DEFAULT_MAX_WAIT;
        int depth = QueuePolicy.DEFAULT_MAX_DEPTH;
        JsonNode d = v.get("max_depth");
        if (d != null) {
            if (!d.isIntegralNumber() || d.asLong() < 1 || d.asLong() > QueuePolicy.DEEPEST) {
                throw AdminBody.error(
                        "'queue.max_depth' must be a whole number from 1 to " + QueuePolicy.DEEPEST + ".",
                        "queue.max_depth",
                        "invalid_value");
            }
            depth = d.asInt();
        }
        return new QueuePolicy(wait, depth);
    }

    /** A wait as {@code 500ms}, {@code 30s}, {@code 5m}, or a number of seconds; more than 0, at most an hour. */
    private static Duration waitOf(JsonNode v) {
        Duration wait = null;
        if (v.isIntegralNumber()) {
            wait = Duration.ofSeconds(v.asLong());
        } else if (v.isTextual() && v.asText().matches("[0-9]{1,7}(ms|s|m)")) {
            String t = v.asText();
            long n = Long.parseLong(t.replaceAll("[a-z]+$", ""));
            wait = t.endsWith("ms")
                    ? Duration.ofMillis(n)
                    : t.endsWith("s") ? Duration.ofSeconds(n) : Duration.ofMinutes(n);
        }
        if (wait == null || wait.isZero() || wait.isNegative() || wait.compareTo(QueuePolicy.LONGEST_WAIT) > 0) {
            throw AdminBody.error(
                    "'queue.max_wait' must be a duration such as 500ms, 30s or 5m, more than 0 and" + " at most 1h.",
                    "queue.max_wait",
                    "invalid_value");
        }
        return wait;
    }

    private static @Nullable Priority priority(@Nullable String wire, String param) {
        if (wire == null) {
            return null;
        }
        Priority p = Priority.parse(wire);
        if (p == null) {
            throw AdminBody.error(
                    "'" + param + "' must be high, normal or low, got '" + wire + "'.", param, "invalid_value");
        }
        return p;
    }

    private static Set<Priority> allowed(AdminBody body) {
        Set<Priority> out = EnumSet.noneOf(Priority.class);
        for (String wire : body.strings("allowed_priorities")) {
            out.add(priority(wire, "allowed_priorities"));
        }
        return out;
    }

    /** Writes the fields of a scope that set any; one that set none shows no scheduling fields. */
    static void write(ObjectNode out, Scheduling s) {
        if (s.isEmpty()) {
            return;
        }
        QueuePolicy queue = s.queue();
        if (queue == null) {
            out.putNull("queue");
        } else {
            out.putObject("queue")
                    .put("max_wait", queue.maxWait().toMillis() + "ms")
                    .put("max_depth", queue.maxDepth());
        }
        out.put("priority", s.defaultPriority().wire());
        ArrayNode allowed = out.putArray("allowed_priorities");
        for (Priority p : Priority.values()) {
            if (s.mayAsk(p)) {
                allowed.add(p.wire());
            }
        }
    }
}
