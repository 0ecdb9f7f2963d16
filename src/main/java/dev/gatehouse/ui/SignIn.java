package dev.gatehouse.ui;

import dev.gatehouse.auth.Principal;
import dev.gatehouse.config.UiSettings;
import dev.gatehouse.hashing.KeyHashing;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The sign-in page and form, and signing out. A key is exchanged for a session once, in a POST
 * body; it never appears in a URL, a cookie or a page. The role follows the key: an admin key (or
 * the master key) is an admin, a key in {@code ui.viewer_keys} a read-only viewer, any other key of
 * a team that team's viewer.
 */
final class SignIn {

    private final UiServices services;
    private final Layout layout;
    private final UiGate gate;

    SignIn(UiServices services, Layout layout, UiGate gate) {
        this.services = services;
        this.layout = layout;
        this.gate = gate;
    }

    void form(RoutingContext ctx) {
        gate.write(ctx, Answer.page(page(null)));
    }

    void submit(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null
                ? "?"
                : ctx.request().remoteAddress().hostAddress();
        if (!UiGate.sameOrigin(ctx)) {
            gate.write(ctx, Answer.status(403, page("This form came from another site.")));
            return;
        }
        if (services.throttle().blocked(address)) {
            gate.write(
                    ctx,
                    Answer.status(429, page("Too many failed sign-ins from this address; try again in 15 minutes.")));
            return;
        }
        String key = ctx.request().getFormAttribute("key");
        Role role = null;
        String teamId = null;
        String keyHash = key == null ? "" : KeyHashing.sha256Hex(key.trim());
        UiSettings settings = services.admin().config().get().ui();
        Principal p = key == null ? null : services.admin().keys().get().lookupHash(keyHash);
        if (p != null && p.admin()) {
            role = Role.ADMIN;
        } else if (settings.viewerKeyHashes().contains(keyHash)) {
            role = Role.VIEWER;
        } else if (p != null && p.teamId() != null) {
            role = Role.TEAM;
            teamId = p.teamId();
        }
        if (role == null) {
            services.throttle().failed(address);
            String why = p == null
                    ? "That key is not valid."
                    : "That key belongs to no team, so it has no dashboard to show.";
            gate.write(ctx, Answer.status(401, page(why)));
            return;
        }
        String id = SessionCookie.newId();
        Instant now = services.admin().clock().instant();
        Session session = new Session(
                KeyHashing.sha256Hex(id),
                role,
                teamId,
                keyHash,
                SessionCookie.newId(),
                now.plus(settings.sessionTtl()));
        ctx.vertx()
                .executeBlocking(
                        () -> {
                            services.sessions().purge(now);
                            services.sessions().create(session, now);
                            return null;
                        },
                        false)
                .onComplete(done -> {
                    if (done.failed()) {
                        gate.write(
                                ctx,
                                Answer.status(
                                        503,
                                        page("Sessions cannot be stored right now: "
                                                + done.cause().getMessage())));
                        return;
                    }
                    SessionCookie.set(ctx.response(), settings, id, settings.sessionTtl());
                    gate.write(ctx, Answer.redirect("/ui"));
                });
    }

    private String page(@Nullable String error) {
        Html h = layout.head("Sign in");
        h.open("body").open("main", "id", "main", "class", "narrow");
        h.el("h1", "Sign in to Gatehouse");
        if (error != null) {
            h.el("p", error, "class", "error", "role", "alert");
        }
        h.open("form", "method", "post", "action", "/ui/login");
        h.el("label", "Admin, dashboard or team key", "for", "key");
        h.open(
                "input",
                "id",
                "key",
                "name",
                "key",
                "type",
                "password",
                "autocomplete",
                "current-password",
                "required",
                "",
                "autofocus",
                "");
        h.el("button", "Sign in", "type", "submit");
        h.close("form");
        h.el("p", "The key is exchanged for a session cookie; it is not kept in the browser.", "class", "hint");
        return h.close("main").close("body").close("html").toString();
    }
}
