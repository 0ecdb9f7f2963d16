package dev.gatehouse.ui;

import java.util.List;

/** Tables more than one page shows. */
final class Tables {

    private Tables() {}

    static void budgets(Html body, List<BudgetBurn> burns) {
        body.open("table", "class", "budgets").open("thead").open("tr");
        for (String h : List.of("Scope", "Id", "Spend", "Budget", "Used", "Runs out")) {
            body.el("th", h, "scope", "col");
        }
        body.close("tr").close("thead").open("tbody");
        for (BudgetBurn b : burns) {
            body.open("tr", "class", b.nearLimit() ? "near" : null);
            body.el("td", b.scope());
            if (b.scope().equals("team")) {
                body.open("td")
                        .a("/ui/teams/" + b.id(), b.label() == null ? b.id() : b.label() + " (" + b.id() + ")")
                        .close("td");
            } else {
                body.el("td", b.label() == null ? b.id() : b.label() + " (" + b.id() + ")");
            }
            body.el("td", Format.usd(b.spend()), "class", "num");
            body.el(
                    "td",
                    b.max() == null
                            ? "none"
                            : Format.usd(b.max()) + " / " + b.period().wire(),
                    "class",
                    "num");
            body.el("td", Double.isNaN(b.share()) ? "–" : Format.percent(b.share()), "class", "num");
            body.el(
                    "td",
                    b.max() == null ? "–" : b.exhaustsAt() == null ? "not this period" : Format.time(b.exhaustsAt()));
            body.close("tr");
        }
        body.close("tbody").close("table");
    }
}
