package dev.gatehouse.ui;

import dev.gatehouse.auth.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code /ui/alerts}: the alerts engine's active and recent alerts ({@link AlertFeed}), and every
 * team and key budget at or past its warning threshold.
 */
final class AlertsPage {

    private final UiServices services;
    private final Layout layout;

    AlertsPage(UiServices services, Layout layout) {
        this.services = services;
        this.layout = layout;
    }

    /** Runs on a worker: waiting for the feed's future here blocks no event loop. */
    Answer render(Viewer viewer) throws Exception {
        List<Alert> alerts = services.alerts()
                .alerts()
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        KeyStore.Snapshot snapshot = services.admin().store().snapshot();
        Spend spend =
                new Spend(services.admin().usage(), services.admin().clock().instant());
        List<BudgetBurn> near = spend.nearLimit(snapshot.teams(), snapshot.keys(), null);
        Html body = new Html();
        long active = alerts.stream().filter(Alert::firing).count();
        body.el("h2", "Alerts (" + active + " active)");
        if (alerts.isEmpty()) {
            body.el("p", "No alerts.");
        } else {
            body.open("table", "class", "alerts").open("thead").open("tr");
            for (String h : List.of(
                    "Severity", "State", "Rule", "Subject", "Summary", "Value", "Threshold", "Started", "Resolved")) {
                body.el("th", h, "scope", "col");
            }
            body.close("tr").close("thead").open("tbody");
            for (Alert a : alerts) {
                body.open("tr", "class", a.firing() ? "sev-" + a.severity() : null);
                body.el("td", a.severity()).el("td", a.state()).el("td", a.rule());
                body.el("td", a.subjectScope() + (a.subjectId() == null ? "" : " " + a.subjectId()));
                body.el("td", a.summary()).el("td", Format.orDash(a.value())).el("td", Format.orDash(a.threshold()));
                body.el("td", Format.orDash(a.startedAt())).el("td", Format.orDash(a.resolvedAt()));
                body.close("tr");
            }
            body.close("tbody").close("table");
        }
        body.el("h2", "Budgets near their limit");
        if (near.isEmpty()) {
            body.el("p", "No team or key is past its warning threshold.");
        } else {
            Tables.budgets(body, near);
        }
        return Answer.page(layout.page(viewer, "Alerts", "alerts", body, "/ui/alerts"));
    }
}
