package dev.gatehouse.ui;

import dev.gatehouse.metering.RequestLog;
import dev.gatehouse.metering.UsageRecord;
import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code /ui/requests}: the latest requests from the usage store, {@value #PAGE} a page (keyset
 * pagination), filtered by key, team, model, outcome and cache outcome; {@code /ui/requests/{id}}:
 * one request's tokens, cost, latency, attempts, fallback, deployment and tags. Team viewers see
 * their team's requests only. Prompts are not in the usage store: the audit log file keeps them
 * when {@code usage.audit_content} asks for it.
 */
final class RequestsPage {

    static final int PAGE = 50;

    private final UiServices services;
    private final Layout layout;

    RequestsPage(UiServices services, Layout layout) {
        this.services = services;
        this.layout = layout;
    }

    Answer list(Viewer viewer, MultiMap query) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String name : List.of("key_id", "team_id", "model", "outcome", "cache")) {
            String v = OverviewPage.param(query, name);
            if (v != null) {
                p.put(name, v);
            }
        }
        if (!viewer.role().seesEverything()) {
            p.put("team_id", viewer.teamId());
        }
        RequestLog.Filter filter = new RequestLog.Filter(
                p.get("key_id"), p.get("team_id"), p.get("model"), p.get("outcome"), p.get("cache"));
        RequestLog.Cursor after = RequestLog.Cursor.parse(query.get("after"));
        RequestLog.Page page = services.requests().recent(filter, after, PAGE);
        Html body = new Html();
        body.open("form", "method", "get", "action", "/ui/requests", "class", "filters");
        field(body, "key_id", "Key", p.get("key_id"));
        if (viewer.role().seesEverything()) {
            field(body, "team_id", "Team", p.get("team_id"));
        }
        field(body, "model", "Model", p.get("model"));
        body.el("label", "Status", "for", "outcome");
        body.open("select", "id", "outcome", "name", "outcome");
        for (String o : List.of("", "ok", "error")) {
            body.el(
                    "option",
                    o.isEmpty() ? "any" : o,
                    "value",
                    o,
                    "selected",
                    o.equals(p.getOrDefault("outcome", "")) ? "" : null);
        }
        body.close("select");
        field(body, "cache", "Cache", p.get("cache"));
        body.el("button", "Filter", "type", "submit");
        body.close("form");

        body.open("table", "class", "requests").open("thead").open("tr");
        for (String h : List.of(
                "Time", "Request", "Team", "Key", "Model", "Status", "Tokens in/out", "Cost", "Latency", "Cache")) {
            body.el("th", h, "scope", "col");
        }
        body.close("tr").close("thead").open("tbody");
        for (UsageRecord r : page.records()) {
            body.open("tr", "class", r.status() >= 400 ? "error-row" : null);
            body.el("td", Format.time(Instant.ofEpochMilli(r.timeMs())));
            body.open("td")
                    .a("/ui/requests/" + r.requestId(), r.requestId(), "class", "mono")
                    .close("td");
            body.el("td", Format.orDash(r.teamId()))
                    .el("td", Format.orDash(r.keyId()))
                    .el("td", Format.orDash(r.publicModel()));
            body.el("td", String.valueOf(r.status()), "class", "num");
            body.el("td", Format.count(r.inputTokens()) + " / " + Format.count(r.outputTokens()), "class", "num");
            body.el("td", Format.usd(r.costUsd()), "class", "num");
            body.el("td", Format.millis(r.latencyMs()), "class", "num");
            body.el("td", Format.orDash(r.cache()));
            body.close("tr");
        }
        body.close("tbody").close("table");
        if (page.records().isEmpty()) {
            body.el("p", "No requests match.");
        }
        if (page.next() != null) {
            Map<String, String> next = new LinkedHashMap<>(p);
            next.put("after", page.next().token());
            body.open("p")
                    .a("/ui/requests?" + encode(next), "Older requests", "rel", "next")
                    .close("p");
        }
        // Only the first page refreshes itself: a later page holds its place.
        String live = after == null ? "/ui/requests" + (p.isEmpty() ? "" : "?" + encode(p)) : null;
        return Answer.page(layout.page(viewer, "Requests", "requests", body, live));
    }

    Answer detail(Viewer viewer, String id) {
        UsageRecord r = services.admin().usage().find(id);
        if (r == null || !viewer.sees(r.teamId())) {
            return Answer.status(
                    404,
                    layout.page(
                            viewer,
                            "No such request",
                            "requests",
                            new Html().el("p", "There is no request " + id + " you may see."),
                            null));
        }
        Html body = new Html();
        body.open("dl", "class", "detail");
        row(body, "Time", Format.time(Instant.ofEpochMilli(r.timeMs())));
        row(body, "Endpoint", r.endpoint());
        row(body, "Status", r.status() + (r.errorType() == null ? "" : " (" + r.errorType() + ")"));
        row(body, "Team", r.teamId());
        row(body, "Key", r.keyId());
        row(body, "User", r.userId());
        row(body, "Model", r.publicModel());
        row(body, "Provider", r.provider());
        row(body, "Deployment", r.deployment());
        row(body, "Attempts", String.valueOf(r.attempts()));
        row(body, "Fallback", r.fallback() ? "yes" : "no");
        row(
                body,
                "Input tokens",
                Format.count(r.inputTokens()) + " (cached " + Format.count(r.cachedTokens()) + ", cache writes "
                        + Format.count(r.cacheWriteTokens()) + ")");
        row(
                body,
                "Output tokens",
                Format.count(r.outputTokens()) + " (reasoning " + Format.count(r.reasoningTokens()) + ")"
                        + (r.estimated() ? ", estimated" : ""));
        row(body, "Cost", Format.usd(r.costUsd()));
        row(body, "Latency", Format.millis(r.latencyMs()));
        row(body, "Time to first token", r.ttftMs() == null ? null : Format.millis(r.ttftMs()));
        row(body, "Cache", r.cache() + (r.savedUsd() == null ? "" : ", saved " + Format.usd(r.savedUsd())));
        row(body, "Tags", String.join(", ", r.tags()));
        row(body, "Metadata", r.metadata().isEmpty() ? null : r.metadata().toString());
        body.close("dl");
        body.el(
                "p",
                "Prompts and answers are not in the usage store; the audit log file keeps them when usage.audit_content is on.",
                "class",
                "hint");
        return Answer.page(layout.page(viewer, "Request " + id, "requests", body, null));
    }

    private static void row(Html body, String label, @Nullable String value) {
        body.el("dt", label).el("dd", Format.orDash(value));
    }

    private static void field(Html body, String name, String label, @Nullable String value) {
        body.el("label", label, "for", name);
        body.open("input", "id", name, "name", name, "value", value == null ? "" : value);
    }

    private static String encode(Map<String, String> p) {
        StringBuilder b = new StringBuilder();
        p.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }
}
