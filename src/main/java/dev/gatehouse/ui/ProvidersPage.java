package dev.gatehouse.ui;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.metering.RequestLog;
import dev.gatehouse.routing.DeploymentInventory;
import dev.gatehouse.routing.DeploymentStats;
import dev.gatehouse.routing.HealthCheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /ui/providers}: every deployment's circuit state, in-flight requests, error rate since
 * start, p50 and p95 latency and time to first token over the last hour (from at most
 * {@value #SAMPLE} recent records), and its health check's last result.
 */
final class ProvidersPage {

    static final int SAMPLE = 20_000;

    private final UiServices services;
    private final Layout layout;

    ProvidersPage(UiServices services, Layout layout) {
        this.services = services;
        this.layout = layout;
    }

    Answer render(Viewer viewer) {
        Instant now = services.admin().clock().instant();
        Map<String, List<Double>> latency = new HashMap<>();
        Map<String, List<Double>> ttft = new HashMap<>();
        for (RequestLog.Timing t : services.requests().timings(now.minus(Duration.ofHours(1)), SAMPLE)) {
            latency.computeIfAbsent(t.deployment(), d -> new ArrayList<>()).add(t.latencyMs());
            if (t.ttftMs() != null) {
                ttft.computeIfAbsent(t.deployment(), d -> new ArrayList<>()).add(t.ttftMs());
            }
        }
        GatewayConfig config = services.admin().config().get();
        Html body = new Html();
        body.open("table", "class", "providers").open("thead").open("tr");
        for (String h : List.of(
                "Deployment",
                "Groups",
                "Circuit",
                "In flight",
                "Error rate",
                "p50 latency",
                "p95 latency",
                "p50 TTFT",
                "p95 TTFT",
                "Health check",
                "Last error")) {
            body.el("th", h, "scope", "col");
        }
        body.close("tr").close("thead").open("tbody");
        for (DeploymentInventory.Entry e : DeploymentInventory.of(config)) {
            DeploymentStats s = services.admin().registry().get(e.provider(), e.model());
            String state = s.breaker().state().name().toLowerCase(Locale.ROOT);
            long total = s.successes() + s.failures();
            List<Double> lat = latency.getOrDefault(s.id(), List.of());
            List<Double> first = ttft.getOrDefault(s.id(), List.of());
            body.open("tr", "class", state.equals("closed") ? null : "near");
            body.el("td", e.provider() + " / " + e.model());
            body.el("td", String.join(", ", e.groups()));
            body.el("td", state, "class", "state-" + state);
            body.el("td", Format.count(s.inFlight()), "class", "num");
            body.el("td", total == 0 ? "–" : Format.percent((double) s.failures() / total), "class", "num");
            body.el("td", Format.millis(percentile(lat, 0.5)), "class", "num");
            body.el("td", Format.millis(percentile(lat, 0.95)), "class", "num");
            body.el("td", Format.millis(percentile(first, 0.5)), "class", "num");
            body.el("td", Format.millis(percentile(first, 0.95)), "class", "num");
            HealthCheckResult probe = s.lastHealthCheck();
            body.el(
                    "td",
                    probe == null
                            ? "never"
                            : probe.name().toLowerCase(Locale.ROOT) + " at " + Format.time(s.lastHealthCheckAt()));
            body.el("td", s.lastError() == null ? "–" : s.lastError() + " (" + Format.time(s.lastErrorAt()) + ")");
            body.close("tr");
        }
        body.close("tbody").close("table");
        body.el(
                "p",
                "Error rate counts attempts since this instance started; latencies are from the last hour's requests.",
                "class",
                "hint");
        return Answer.page(layout.page(viewer, "Providers and deployments", "providers", body, "/ui/providers"));
    }

    /** The nearest-rank percentile, or NaN for no values. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
