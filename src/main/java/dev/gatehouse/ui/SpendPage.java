package dev.gatehouse.ui;

import dev.gatehouse.metering.UsageDimension;
import dev.gatehouse.metering.UsageQuery;
import dev.gatehouse.metering.UsageQueryParser;
import dev.gatehouse.metering.UsageReportFormat;
import dev.gatehouse.metering.UsageReportRow;
import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code /ui/spend}: the usage report, grouped by one dimension over a time range, as a chart by
 * bucket and a table by group; {@code /ui/spend.csv} is the usage API's own CSV of the same query.
 * Parameters are the usage API's ({@link UsageQueryParser}); a team viewer's are held to its team.
 */
final class SpendPage {

    private static final List<String> GROUPS =
            List.of("team_id", "key_id", "user_id", "model", "provider", "tag", "cache");

    private final UiServices services;
    private final Layout layout;

    SpendPage(UiServices services, Layout layout) {
        this.services = services;
        this.layout = layout;
    }

    /** The query's parameters as given, with defaults (the last 30 days by day, grouped by model). */
    private Map<String, String> params(Viewer viewer, MultiMap query) {
        Map<String, String> p = new LinkedHashMap<>();
        LocalDate today = LocalDate.ofInstant(services.admin().clock().instant(), ZoneOffset.UTC);
        p.put("from", today.minusDays(29).toString());
        p.put("to", today.plusDays(1).toString());
        p.put("group_by", "model");
        p.put("bucket", "day");
        for (String name : List.of(
                "from",
                "to",
                "group_by",
                "bucket",
                "team_id",
                "key_id",
                "user_id",
                "model",
                "provider",
                "tag",
                "cache")) {
            String v = query.get(name);
            if (v != null) {
                p.put(name, v.trim());
            }
        }
        if (!viewer.role().seesEverything()) {
            p.put("team_id", viewer.teamId());
        }
        return p;
    }

    Answer page(Viewer viewer, MultiMap query) {
        Map<String, String> p = params(viewer, query);
        Html body = new Html();
        form(body, p, viewer);
        UsageQuery q;
        try {
            q = UsageQueryParser.parse(p);
        } catch (IllegalArgumentException e) {
            body.el("p", e.getMessage(), "class", "error", "role", "alert");
            return Answer.status(400, layout.page(viewer, "Spend", "spend", body, null));
        }
        UsageQuery byBucket = new UsageQuery(q.from(), q.to(), q.filters(), List.of(), q.bucket());
        UsageQuery byGroup = new UsageQuery(q.from(), q.to(), q.filters(), q.groupBy(), null);
        List<UsageReportRow> buckets = services.admin().usage().report(byBucket);
        List<UsageReportRow> groups = new ArrayList<>(services.admin().usage().report(byGroup));
        groups.sort(Comparator.comparingDouble(UsageReportRow::costUsd).reversed());

        Map<Instant, double[]> points = new TreeMap<>();
        for (UsageReportRow r : buckets) {
            Instant at = bucketStart(r.bucket());
            if (at != null) {
                points.put(at, new double[] {r.costUsd(), r.requests()});
            }
        }
        List<Instant> times = new ArrayList<>(points.keySet());
        double[] cost = points.values().stream().mapToDouble(v -> v[0]).toArray();
        body.add(Chart.of(
                "Spend by " + (q.bucket() == null ? "period" : q.bucket().name().toLowerCase()),
                times,
                List.of(new Chart.Series("Spend ($)", cost))));

        body.open("p")
                .a("/ui/spend.csv?" + encode(p), "Export CSV", "id", "export-csv", "download", "usage.csv")
                .close("p");
        List<UsageDimension> dims = q.groupBy();
        body.open("table", "class", "spend").open("thead").open("tr");
        for (UsageDimension d : dims) {
            body.el("th", d.apiName(), "scope", "col");
        }
        for (String h : List.of("Spend", "Requests", "Input tokens", "Output tokens", "Cache savings", "Unpriced")) {
            body.el("th", h, "scope", "col");
        }
        body.close("tr").close("thead").open("tbody");
        for (UsageReportRow r : groups) {
            body.open("tr");
            for (UsageDimension d : dims) {
                body.el("td", Format.orDash(r.dimensions().get(d)));
            }
            body.el("td", Format.usd(r.costUsd()), "class", "num")
                    .el("td", Format.count(r.requests()), "class", "num")
                    .el("td", Format.count(r.inputTokens()), "class", "num")
                    .el("td", Format.count(r.outputTokens()), "class", "num")
                    .el("td", Format.usd(r.savedUsd()), "class", "num")
                    .el("td", Format.count(r.unpriced()), "class", "num");
            body.close("tr");
        }
        body.close("tbody").close("table");
        return Answer.page(layout.page(viewer, "Spend", "spend", body, null));
    }

    Answer csv(Viewer viewer, MultiMap query) {
        Map<String, String> p = params(viewer, query);
        UsageQuery q;
        try {
            q = UsageQueryParser.parse(p);
        } catch (IllegalArgumentException e) {
            return new Answer(
                    400, "text/plain; charset=utf-8", String.valueOf(e.getMessage()), null, false, null, false);
        }
        return Answer.download(
                "text/csv; charset=utf-8",
                UsageReportFormat.csv(q, services.admin().usage().report(q)),
                "usage.csv");
    }

    private static void form(Html body, Map<String, String> p, Viewer viewer) {
        body.open("form", "method", "get", "action", "/ui/spend", "class", "filters");
        field(body, "from", "From", p.get("from"), "date");
        field(body, "to", "To (exclusive)", p.get("to"), "date");
        body.el("label", "Group by", "for", "group_by");
        body.open("select", "id", "group_by", "name", "group_by");
        for (String g : GROUPS) {
            body.el("option", g, "value", g, "selected", g.equals(p.get("group_by")) ? "" : null);
        }
        body.close("select");
        body.el("label", "Buckets", "for", "bucket");
        body.open("select", "id", "bucket", "name", "bucket");
        for (String b : List.of("hour", "day", "month")) {
            body.el("option", b, "value", b, "selected", b.equals(p.get("bucket")) ? "" : null);
        }
        body.close("select");
        if (viewer.role().seesEverything()) {
            field(body, "team_id", "Team", p.get("team_id"), "text");
        }
        field(body, "key_id", "Key", p.get("key_id"), "text");
        field(body, "model", "Model", p.get("model"), "text");
        body.el("button", "Show", "type", "submit");
        body.close("form");
    }

    private static void field(Html body, String name, String label, @Nullable String value, String type) {
        body.el("label", label, "for", name);
        body.open("input", "id", name, "name", name, "type", type, "value", value == null ? "" : value);
    }

    private static @Nullable Instant bucketStart(@Nullable String bucket) {
        if (bucket == null) {
            return null;
        }
        if (bucket.length() == 7) {
            return LocalDate.parse(bucket + "-01").atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (bucket.length() == 10) {
            return LocalDate.parse(bucket).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(bucket);
    }

    private static String encode(Map<String, String> p) {
        Map<String, String> copy = new HashMap<>(p);
        StringBuilder b = new StringBuilder();
        copy.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append(b.isEmpty() ? "" : "&")
                        .append(e.getKey())
                        .append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)));
        return b.toString();
    }
}
