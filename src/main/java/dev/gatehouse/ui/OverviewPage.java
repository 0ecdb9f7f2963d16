package dev.gatehouse.ui;

import dev.gatehouse.auth.KeyStore;
import dev.gatehouse.metering.RequestLog;
import dev.gatehouse.metering.UsageDimension;
import dev.gatehouse.metering.UsageQuery;
import dev.gatehouse.metering.UsageReportRow;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /ui}: spend today and this month, requests, error rate and cache savings over a chosen
 * period, charts by hour (today, from the hourly rollups) or day (from the daily ones), the top teams, models and keys by spend, and budgets near
 * their limit. Reads the daily and hourly rollups only. A team viewer sees its team's figures.
 */
final class OverviewPage {

    /** The period picker's choices: days back from today, today included ({@code month}: since the 1st). */
    private static final Map<String, String> PERIODS = periods();

    private static Map<String, String> periods() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("today", "Today");
        p.put("7d", "7 days");
        p.put("30d", "30 days");
        p.put("month", "This month");
        return p;
    }

    private final UiServices services;
    private final Layout layout;

    OverviewPage(UiServices services, Layout layout) {
        this.services = services;
        this.layout = layout;
    }

    Answer render(Viewer viewer, @Nullable String periodParam) {
        String period = periodParam != null && PERIODS.containsKey(periodParam) ? periodParam : "today";
        Instant now = services.admin().clock().instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant tomorrow = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        LocalDate first = switch (period) {
            case "7d" -> today.minusDays(6);
            case "30d" -> today.minusDays(29);
            case "month" -> today.withDayOfMonth(1);
            default -> today;
        };
        Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        String team = viewer.scope(null);
        Spend spend = new Spend(services.admin().usage(), now);
        UsageReportRow day = spend.total(today.atStartOfDay(ZoneOffset.UTC).toInstant(), tomorrow, team);
        UsageReportRow month =
                spend.total(today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant(), tomorrow, team);
        List<Bucket> buckets = buckets(period, first, today, from, tomorrow, team);
        long requests = 0;
        long errors = 0;
        double saved = 0;
        for (Bucket b : buckets) {
            requests += b.requests();
            errors += b.errors();
            saved += b.savedUsd();
        }

        Html body = new Html();
        body.open("form", "method", "get", "action", "/ui", "class", "picker");
        body.el("label", "Period", "for", "period");
        body.open("select", "id", "period", "name", "period");
        PERIODS.forEach((value, label) ->
                body.el("option", label, "value", value, "selected", value.equals(period) ? "" : null));
        body.close("select").el("button", "Show", "type", "submit").close("form");

        body.open("section", "class", "cards", "aria-label", "Totals");
        card(body, "Spend today", Format.usd(day.costUsd()), "spend-today");
        card(body, "Spend this month", Format.usd(month.costUsd()), "spend-month");
        card(body, "Requests", Format.count(requests), "requests");
        card(body, "Error rate", requests == 0 ? "–" : Format.percent((double) errors / requests), "error-rate");
        card(body, "Cache savings", Format.usd(saved), "cache-savings");
        body.close("section");

        chart(body, period, buckets, from, tomorrow);

        KeyStore.Snapshot snapshot = services.admin().store().snapshot();
        List<BudgetBurn> near = spend.nearLimit(snapshot.teams(), snapshot.keys(), team);
        body.el("h2", "Budgets near their limit");
        if (near.isEmpty()) {
            body.el("p", "No team or key is past its warning threshold.");
        } else {
            Tables.budgets(body, near);
        }

        body.open("div", "class", "tops");
        if (team == null) {
            top(body, "Top teams", UsageDimension.TEAM_ID, from, tomorrow, null);
        }
        top(body, "Top models", UsageDimension.MODEL, from, tomorrow, team);
        top(body, "Top keys", UsageDimension.KEY_ID, from, tomorrow, team);
        body.close("div");
        String title = team == null ? "Overview" : "Overview of team " + team;
        return Answer.page(layout.page(viewer, title, "overview", body, "/ui?period=" + period));
    }

    private static void card(Html body, String label, String value, String id) {
        body.open("div", "class", "card")
                .el("span", label, "class", "label")
                .el("strong", value, "id", id)
                .close("div");
    }

    /** One point of the chart: an hour (today) or a day. */
    private record Bucket(Instant start, long requests, long errors, double costUsd, double savedUsd) {}

    /**
     * Today's chart reads the hourly rollups; longer periods read the daily ones, which hold one row
     * per key, user, model and day instead of per hour (30 days of hourly rows took a second to sum).
     */
    private List<Bucket> buckets(
            String period, LocalDate first, LocalDate today, Instant from, Instant to, @Nullable String team) {
        List<Bucket> out = new ArrayList<>();
        if (period.equals("today")) {
            for (RequestLog.Hour h : services.requests().hourly(from, to, team)) {
                out.add(new Bucket(h.hour(), h.requests(), h.errors(), h.costUsd(), h.savedUsd()));
            }
        } else {
            for (RequestLog.Day d : services.requests().daily(first, today.plusDays(1), team)) {
                out.add(new Bucket(
                        d.day().atStartOfDay(ZoneOffset.UTC).toInstant(),
                        d.requests(),
                        d.errors(),
                        d.costUsd(),
                        d.savedUsd()));
            }
        }
        return out;
    }

    private static void chart(Html body, String period, List<Bucket> buckets, Instant from, Instant to) {
        boolean hourly = period.equals("today");
        ChronoUnit unit = hourly ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        List<Instant> times = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(1, unit)) {
            times.add(t);
        }
        double[] cost = new double[times.size()];
        double[] count = new double[times.size()];
        for (Bucket b : buckets) {
            int i = (int) unit.between(from, b.start());
            if (i >= 0 && i < times.size()) {
                cost[i] += b.costUsd();
                count[i] += b.requests();
            }
        }
        body.el("h2", hourly ? "Spend and requests by hour" : "Spend and requests by day");
        body.open("div", "class", "charts");
        body.add(Chart.of("Spend in US dollars", times, List.of(new Chart.Series("Spend ($)", cost))));
        body.add(Chart.of("Requests", times, List.of(new Chart.Series("Requests", count))));
        body.close("div");
    }

    private void top(Html body, String title, UsageDimension dim, Instant from, Instant to, @Nullable String team) {
        Map<UsageDimension, String> filters = team == null ? Map.of() : Map.of(UsageDimension.TEAM_ID, team);
        List<UsageReportRow> rows =
                new ArrayList<>(services.admin().usage().report(new UsageQuery(from, to, filters, List.of(dim), null)));
        rows.sort(Comparator.comparingDouble(UsageReportRow::costUsd).reversed());
        body.open("section", "class", "top");
        body.el("h2", title);
        body.open("table")
                .open("thead")
                .open("tr")
                .el("th", dim.apiName(), "scope", "col")
                .el("th", "Spend", "scope", "col")
                .el("th", "Requests", "scope", "col")
                .close("tr")
                .close("thead")
                .open("tbody");
        for (UsageReportRow row : rows.subList(0, Math.min(5, rows.size()))) {
            String value = row.dimensions().get(dim);
            body.open("tr");
            if (dim == UsageDimension.TEAM_ID && value != null) {
                body.open("td").a("/ui/teams/" + value, value).close("td");
            } else {
                body.el("td", Format.orDash(value));
            }
            body.el("td", Format.usd(row.costUsd()), "class", "num")
                    .el("td", Format.count(row.requests()), "class", "num")
                    .close("tr");
        }
        body.close("tbody").close("table").close("section");
    }

    static @Nullable String param(MultiMap params, String name) {
        String v = params.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
