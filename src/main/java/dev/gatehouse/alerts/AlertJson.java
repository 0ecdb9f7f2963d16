package dev.gatehouse.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON shape of an alert, for {@code GET /admin/v1/alerts} (the dashboard reads it) and
 * the {@code json} webhook's {@code alert} field. Times are ISO-8601 UTC; unset ones are null.
 */
public final class AlertJson {

    private AlertJson() {}

    public static ObjectNode of(Alert a) {
        ObjectNode o = Json.object();
        o.put("id", a.id());
        o.put("event", a.event().wire());
        o.put("rule", a.rule());
        o.put("severity", a.severity().wire());
        o.put("state", a.state());
        o.putObject("subject")
                .put("scope", a.subject().scope())
                .put("id", a.subject().id());
        o.put("summary", a.summary());
        o.put("value", a.value());
        o.put("threshold", a.threshold());
        time(o, "started_at", a.startedAt());
        time(o, "resolved_at", a.resolvedAt());
        time(o, "last_notified_at", a.lastNotifiedAt());
        return o;
    }

    /** {@code {"object":"list","data":[...],"active":N}}. */
    public static ObjectNode list(List<Alert> alerts, int active) {
        ObjectNode out = Json.object();
        out.put("object", "list");
        alerts.forEach(a -> out.withArray("data").add(of(a)));
        if (alerts.isEmpty()) {
            out.putArray("data");
        }
        out.put("active", active);
        return out;
    }

    private static void time(ObjectNode o, String field, @Nullable Instant at) {
        if (at == null) {
            o.putNull(field);
        } else {
            o.put(field, at.toString());
        }
    }
}
