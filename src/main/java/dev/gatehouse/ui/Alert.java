package dev.gatehouse.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One alert as {@code GET /admin/v1/alerts} lists it ({@code data[]}): what fired, about what, and
 * whether it still is.
 *
 * @param severity {@code info}, {@code warning} or {@code critical}
 * @param state {@code firing} or {@code resolved}
 * @param subjectScope what the alert is about ({@code team}, {@code key}, {@code deployment}, ...)
 */
record Alert(
        String id,
        String event,
        String rule,
        String severity,
        String state,
        String subjectScope,
        @Nullable String subjectId,
        String summary,
        @Nullable String value,
        @Nullable String threshold,
        @Nullable String startedAt,
        @Nullable String resolvedAt,
        @Nullable String lastNotifiedAt) {

    boolean firing() {
        return "firing".equals(state);
    }

    /** The alerts of an alerts list body ({@code {"object":"list","data":[...],"active":N}}). */
    static List<Alert> fromList(JsonNode body) {
        List<Alert> out = new ArrayList<>();
        for (JsonNode a : body.path("data")) {
            JsonNode subject = a.path("subject");
            out.add(new Alert(
                    a.path("id").asText(""),
                    a.path("event").asText(""),
                    a.path("rule").asText(""),
                    a.path("severity").asText("info"),
                    a.path("state").asText(""),
                    subject.path("scope").asText(""),
                    text(subject.get("id")),
                    a.path("summary").asText(""),
                    text(a.get("value")),
                    text(a.get("threshold")),
                    text(a.get("started_at")),
                    text(a.get("resolved_at")),
                    text(a.get("last_notified_at"))));
        }
        return out;
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
