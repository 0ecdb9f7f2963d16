package dev.gatehouse.ui;

import dev.gatehouse.admin.NewSecrets;
import dev.gatehouse.auth.DuplicateId;
import dev.gatehouse.auth.Limits;
import dev.gatehouse.auth.Team;
import dev.gatehouse.auth.VirtualKey;
import dev.gatehouse.config.GuardrailPolicy;
import dev.gatehouse.json.Json;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code /ui/teams}: every team with its spend, budget burn and limits, and a form to create one;
 * {@code /ui/teams/{id}}: one team, its limits form and its keys (each with spend and budget, rotate
 * and revoke), and a form to create a key. Team viewers see their own team's page only.
 */
final class TeamsPage {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final UiServices services;
    private final Layout layout;

    TeamsPage(UiServices services, Layout layout) {
        this.services = services;
        this.layout = layout;
    }

    Answer list(Viewer viewer, @Nullable String error) {
        Instant now = services.admin().clock().instant();
        Spend spend = new Spend(services.admin().usage(), now);
        List<Team> teams = services.admin().store().teams();
        Html body = new Html();
        if (error != null) {
            body.el("p", error, "class", "error", "role", "alert");
        }
        body.open("table", "class", "teams").open("thead").open("tr");
        for (String h : List.of("Team", "Spend this period", "Budget", "Used", "Runs out", "Limits")) {
            body.el("th", h, "scope", "col");
        }
        body.close("tr").close("thead").open("tbody");
        for (Team t : teams) {
            BudgetBurn b = spend.team(t);
            body.open("tr", "class", b.nearLimit() ? "near" : null);
            body.open("td")
                    .a("/ui/teams/" + t.id(), t.alias() == null ? t.id() : t.alias() + " (" + t.id() + ")")
                    .close("td");
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
            body.el("td", limitsText(t.limits()));
            body.close("tr");
        }
        body.close("tbody").close("table");
        if (viewer.mayChange()) {
            body.el("h2", "New team");
            body.open("form", "method", "post", "action", "/ui/teams", "class", "stack");
            body.hidden("_csrf", viewer.csrf());
            body.el("label", "Team id", "for", "team_id");
            body.open(
                    "input",
                    "id",
                    "team_id",
                    "name",
                    "team_id",
                    "required",
                    "",
                    "pattern",
                    "[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}");
            body.el("label", "Name", "for", "team_alias");
            body.open("input", "id", "team_alias", "name", "team_alias");
            LimitsForm.fields(body, Limits.NONE);
            body.el("button", "Create team", "type", "submit");
            body.close("form");
        }
        return new Answer(
                error == null ? 200 : 400,
                Answer.HTML,
                layout.page(viewer, "Teams and keys", "teams", body, null),
                null,
                false,
                null,
                false);
    }

    Answer createTeam(Viewer viewer, MultiMap form) {
        String id = LimitsForm.text(form, "team_id");
        if (id == null || !ID.matcher(id).matches()) {
            return list(viewer, "A team id is 1 to 64 letters, digits, dots, dashes or underscores.");
        }
        try {
            Limits limits = LimitsForm.read(form, Limits.NONE);
            services.admin()
                    .store()
                    .createTeam(new Team(
                            id,
                            LimitsForm.text(form, "team_alias"),
                            List.of(),
                            Json.object(),
                            limits,
                            services.admin().clock().instant(),
                            GuardrailPolicy.UNSET));
        } catch (LimitsForm.Invalid | DuplicateId e) {
            return list(viewer, e.getMessage());
        }
        return Answer.redirect("/ui/teams/" + id).afterChange();
    }

    Answer team(Viewer viewer, String id, @Nullable String error) {
        if (!viewer.sees(id)) {
            return Answer.status(403, layout.forbidden(viewer));
        }
        Team t = services.admin().store().team(id).orElse(null);
        if (t == null) {
            return Answer.status(
                    404,
                    layout.page(
                            viewer, "No such team", "teams", new Html().el("p", "There is no team " + id + "."), null));
        }
        Instant now = services.admin().clock().instant();
        Spend spend = new Spend(services.admin().usage(), now);
        BudgetBurn burn = spend.team(t);
        double allTime = spend.total(null, null, id).costUsd();
        Html body = new Html();
        if (error != null) {
            body.el("p", error, "class", "error", "role", "alert");
        }
        body.open("section", "class", "cards", "aria-label", "Spend");
        card(body, "Spend all time", Format.usd(allTime), "team-spend-total");
        card(body, "Spend this " + burn.period().wire(), Format.usd(burn.spend()), "team-spend-period");
        card(
                body,
                "Budget",
                burn.max() == null
                        ? "none"
                        : Format.usd(burn.max()) + " / " + burn.period().wire(),
                "team-budget");
        card(body, "Used", Double.isNaN(burn.share()) ? "–" : Format.percent(burn.share()), "team-used");
        card(
                body,
                "Runs out",
                burn.max() == null
                        ? "–"
                        : burn.exhaustsAt() == null ? "not this period" : Format.time(burn.exhaustsAt()),
                "team-runs-out");
        body.close("section");
        body.el("p", "Limits: " + limitsText(t.limits()));
        body.open("p")
                .a("/ui/requests?team_id=" + id, "Requests of this team")
                .text(" · ")
                .a("/ui/spend?team_id=" + id + "&group_by=key_id", "Spend by key")
                .close("p");

        body.el("h2", "Keys");
        body.open("table", "class", "keys").open("thead").open("tr");
        for (String h : List.of("Key", "Prefix", "State", "Spend this period", "Budget", "Runs out", "Actions")) {
            body.el("th", h, "scope", "col");
        }
        body.close("tr").close("thead").open("tbody");
        for (VirtualKey k : services.admin().store().keys()) {
            if (!id.equals(k.teamId())) {
                continue;
            }
            BudgetBurn kb = spend.key(k);
            body.open("tr", "class", kb.nearLimit() ? "near" : null, "data-key-id", k.id());
            body.el("td", k.alias() == null ? k.id() : k.alias() + " (" + k.id() + ")");
            body.el("td", k.prefix() + "…", "class", "mono");
            body.el("td", k.revoked() ? "revoked" : k.activeAt(now) ? "active" : "expired");
            body.el("td", Format.usd(kb.spend()), "class", "num");
            body.el(
                    "td",
                    kb.max() == null
                            ? "none"
                            : Format.usd(kb.max()) + " / " + kb.period().wire(),
                    "class",
                    "num");
            body.el(
                    "td",
                    kb.max() == null
                            ? "–"
                            : kb.exhaustsAt() == null ? "not this period" : Format.time(kb.exhaustsAt()));
            body.open("td");
            if (viewer.mayChange() && !k.revoked()) {
                body.a("/ui/keys/" + k.id() + "/rotate", "Rotate")
                        .text(" ")
                        .a("/ui/keys/" + k.id() + "/revoke", "Revoke", "class", "danger");
            }
            body.close("td").close("tr");
        }
        body.close("tbody").close("table");

        if (viewer.mayChange()) {
            body.open("div", "class", "forms");
            body.open("form", "method", "post", "action", "/ui/teams/" + id + "/keys", "class", "stack");
            body.el("h2", "New key");
            body.hidden("_csrf", viewer.csrf());
            body.el("label", "Name", "for", "key_alias");
            body.open("input", "id", "key_alias", "name", "key_alias");
            body.el("label", "Models (comma-separated; empty: the team's)", "for", "models");
            body.open("input", "id", "models", "name", "models");
            LimitsForm.fields(body, Limits.NONE);
            body.el("button", "Create key", "type", "submit");
            body.close("form");
            body.open("form", "method", "post", "action", "/ui/teams/" + id + "/limits", "class", "stack");
            body.el("h2", "Team limits and budget");
            body.hidden("_csrf", viewer.csrf());
            LimitsForm.fields(body, t.limits());
            body.el("button", "Save limits", "type", "submit");
            body.close("form");
            body.close("div");
        }
        String title = "Team " + (t.alias() == null ? t.id() : t.alias() + " (" + t.id() + ")");
        int status = error == null ? 200 : 400;
        return new Answer(
                status, Answer.HTML, layout.page(viewer, title, "teams", body, null), null, false, null, false);
    }

    Answer saveLimits(Viewer viewer, String id, MultiMap form) {
        try {
            LimitsForm.read(form, Limits.NONE);
            boolean found = services.admin()
                    .store()
                    .changeTeam(
                            id,
                            t -> new Team(
                                    t.id(),
                                    t.alias(),
                                    t.models(),
                                    t.metadata(),
                                    LimitsForm.read(form, t.limits()),
                                    t.createdAt(),
                                    t.guardrails()))
                    .isPresent();
            if (!found) {
                return team(viewer, id, "There is no team " + id + ".");
            }
        } catch (LimitsForm.Invalid e) {
            return team(viewer, id, e.getMessage());
        }
        return Answer.redirect("/ui/teams/" + id).afterChange();
    }

    /** Creates a key in the team and shows its secret, this once. */
    Answer createKey(Viewer viewer, String teamId, MultiMap form) {
        Limits limits;
        try {
            limits = LimitsForm.read(form, Limits.NONE);
        } catch (LimitsForm.Invalid e) {
            return team(viewer, teamId, e.getMessage());
        }
        String models = LimitsForm.text(form, "models");
        String secret = NewSecrets.secret();
        Instant now = services.admin().clock().instant();
        VirtualKey key = new VirtualKey(
                NewSecrets.id("key"),
                dev.gatehouse.hashing.KeyHashing.sha256Hex(secret),
                secret.substring(0, NewSecrets.SHOWN),
                LimitsForm.text(form, "key_alias"),
                teamId,
                null,
                models == null ? List.of() : List.of(models.split("\\s*,\\s*")),
                Json.object(),
                null,
                false,
                false,
                limits,
                now,
                null,
                GuardrailPolicy.UNSET);
        try {
            services.admin().store().createKey(key);
        } catch (RuntimeException e) {
            return team(viewer, teamId, e.getMessage());
        }
        return KeyActions.secretPage(layout, viewer, "Key created", key, secret).afterChange();
    }

    private static void card(Html body, String label, String value, String id) {
        body.open("div", "class", "card")
                .el("span", label, "class", "label")
                .el("strong", value, "id", id)
                .close("div");
    }

    static String limitsText(Limits l) {
        StringBuilder b = new StringBuilder();
        append(b, "rpm", l.rpmLimit());
        append(b, "tpm", l.tpmLimit());
        append(b, "parallel", l.maxParallelRequests());
        if (l.softBudget() != null) {
            b.append(b.isEmpty() ? "" : ", ").append("warn at ").append(Format.usd(l.softBudget()));
        }
        return b.isEmpty() ? "none" : b.toString();
    }

    private static void append(StringBuilder b, String name, @Nullable Long value) {
        if (value != null) {
            b.append(b.isEmpty() ? "" : ", ").append(name).append(' ').append(Format.count(value));
        }
    }
}
