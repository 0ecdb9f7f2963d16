package dev.gatehouse.ui;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The shell of every dashboard page: head (assets only, no inline script or style), navigation for
 * the viewer's role, a skip link, and the sign-out form.
 */
final class Layout {

    private record Tab(String id, String href, String label, boolean allTeams) {}

    private static final List<Tab> TABS = List.of(
            new Tab("overview", "/ui", "Overview", false),
            new Tab("teams", "/ui/teams", "Teams and keys", false),
            new Tab("spend", "/ui/spend", "Spend", false),
            new Tab("providers", "/ui/providers", "Providers", true),
            new Tab("requests", "/ui/requests", "Requests", false),
            new Tab("alerts", "/ui/alerts", "Alerts", true));

    /** htmx may not evaluate code or inject styles: the CSP forbids both anyway. */
    private static final String HTMX_CONFIG =
            "{\"includeIndicatorStyles\":false,\"allowEval\":false,\"allowScriptTags\":false,\"historyCacheSize\":0}";

    private final UiAssets assets;

    Layout(UiAssets assets) {
        this.assets = assets;
    }

    /**
     * @param active the tab to mark current
     * @param live the URL the page's {@code #live} part is refreshed from every 15 seconds, or null
     */
    String page(Viewer viewer, String title, String active, Html body, @Nullable String live) {
        Html h = head(title);
        h.open("body");
        h.a("#main", "Skip to content", "class", "skip");
        h.open("header", "class", "top");
        h.el("span", "Gatehouse", "class", "brand");
        h.open("nav", "aria-label", "Dashboard");
        for (Tab tab : TABS) {
            if (tab.allTeams() && !viewer.role().seesEverything()) {
                continue;
            }
            String href = tab.id().equals("teams") && !viewer.role().seesEverything()
                    ? "/ui/teams/" + viewer.teamId()
                    : tab.href();
            h.a(href, tab.label(), "aria-current", tab.id().equals(active) ? "page" : null);
        }
        h.close("nav");
        h.open("form", "method", "post", "action", "/ui/logout", "class", "signout");
        h.hidden("_csrf", viewer.csrf());
        h.el("span", roleLabel(viewer), "class", "who");
        h.el("button", "Sign out", "type", "submit");
        h.close("form");
        h.close("header");
        h.open("main", "id", "main");
        h.el("h1", title);
        if (live != null) {
            h.open(
                    "div",
                    "id",
                    "live",
                    "hx-get",
                    live,
                    "hx-trigger",
                    "every 15s",
                    "hx-select",
                    "#live",
                    "hx-swap",
                    "outerHTML");
        } else {
            h.open("div", "id", "live");
        }
        h.add(body);
        h.close("div");
        h.close("main");
        return h.close("body").close("html").toString();
    }

    private static String roleLabel(Viewer viewer) {
        return switch (viewer.role()) {
            case ADMIN -> "admin";
            case VIEWER -> "viewer (read-only)";
            case TEAM -> "team " + viewer.teamId() + " (read-only)";
        };
    }

    /** A page with only a heading and a sentence, for errors and the signed-out state. */
    String message(String title, String text) {
        Html h = head(title);
        h.open("body").open("main", "id", "main", "class", "narrow");
        h.el("h1", title).el("p", text).a("/ui", "Back to the dashboard");
        return h.close("main").close("body").close("html").toString();
    }

    String forbidden(Viewer viewer) {
        return page(viewer, "Not allowed", "", new Html().el("p", "This page is not open to your key."), null);
    }

    Html head(String title) {
        Html h = new Html();
        h.open("!doctype html").open("html", "lang", "en").open("head");
        h.open("meta", "charset", "utf-8");
        h.open("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        h.open("meta", "name", "color-scheme", "content", "light dark");
        h.open("meta", "name", "htmx-config", "content", HTMX_CONFIG);
        h.el("title", title + " · Gatehouse");
        h.open("link", "rel", "stylesheet", "href", assets.path("uPlot.min.css"));
        h.open("link", "rel", "stylesheet", "href", assets.path("dashboard.css"));
        h.open("script", "src", assets.path("htmx.min.js"), "defer", "").close("script");
        h.open("script", "src", assets.path("uPlot.iife.min.js"), "defer", "").close("script");
        h.open("script", "src", assets.path("dashboard.js"), "defer", "").close("script");
        return h.close("head");
    }
}
