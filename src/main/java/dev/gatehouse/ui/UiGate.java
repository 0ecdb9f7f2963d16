package dev.gatehouse.ui;

import dev.gatehouse.auth.Principal;
import dev.gatehouse.config.UiSettings;
import dev.gatehouse.hashing.KeyHashing;
import dev.gatehouse.pipeline.InternalErrors;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The one way into a dashboard page: find the session (a worker reads the store), check it still
 * stands for a live key, check the viewer's role and, on a POST, the CSRF token and the Origin, run
 * the page's work on the same worker, and write its answer with the security headers. A request
 * without a session goes to the sign-in page.
 */
final class UiGate {

    /** Who may use a route. */
    enum Access {
        /** Any signed-in viewer (a page narrows team viewers to their team itself). */
        SIGNED_IN,
        /** Admins and read-only viewers. */
        ALL_TEAMS,
        /** Admins only; state-changing, so a POST with the session's CSRF token. */
        CHANGE,
        /** Admins only; a page that leads to a change (a confirmation). */
        CHANGE_PAGE,
        /** Any signed-in viewer; a POST with the CSRF token (signing out). */
        POST
    }

    /** A page's work, run on a worker with the checked viewer and the form of a POST. */
    interface Work {
        Answer run(Viewer viewer, MultiMap form) throws Exception;
    }

    private final UiServices services;
    private final Layout layout;

    UiGate(UiServices services, Layout layout) {
        this.services = services;
        this.layout = layout;
    }

    void handle(RoutingContext ctx, Access access, Work work) {
        UiSettings settings = services.admin().config().get().ui();
        String id = SessionCookie.read(ctx.request(), settings);
        boolean post = ctx.request().method() == HttpMethod.POST;
        if (post && !sameOrigin(ctx)) {
            write(ctx, Answer.status(403, layout.message("Forbidden", "This form came from another site.")));
            return;
        }
        MultiMap form = post
                ? MultiMap.caseInsensitiveMultiMap().addAll(ctx.request().formAttributes())
                : MultiMap.caseInsensitiveMultiMap();
        if (id == null) {
            write(ctx, Answer.redirect("/ui/login"));
            return;
        }
        ctx.vertx().executeBlocking(() -> run(id, access, work, form), false).onComplete(done -> {
            if (done.failed()) {
                InternalErrors.toGatewayError("ui " + ctx.request().path(), done.cause());
                write(
                        ctx,
                        Answer.status(
                                500,
                                layout.message(
                                        "Something went wrong",
                                        "The page could not be built; the gateway logged why.")));
                return;
            }
            Answer answer = done.result();
            Future<Void> picked = answer.changed() ? services.admin().changed().get() : Future.succeededFuture();
            picked.onComplete(v -> write(ctx, answer));
        });
    }

    private Answer run(String id, Access access, Work work, MultiMap form) throws Exception {
        Instant now = services.admin().clock().instant();
        String hash = KeyHashing.sha256Hex(id);
        Session session = services.sessions().find(hash, now);
        Viewer viewer = session == null ? null : viewer(session);
        if (viewer == null) {
            if (session != null) {
                services.sessions().delete(hash);
            }
            return Answer.redirect("/ui/login");
        }
        boolean allowed = switch (access) {
            case SIGNED_IN, POST -> true;
            case ALL_TEAMS -> viewer.role().seesEverything();
            case CHANGE, CHANGE_PAGE -> viewer.mayChange();
        };
        if (!allowed) {
            return Answer.status(403, layout.forbidden(viewer));
        }
        if ((access == Access.CHANGE || access == Access.POST) && !tokenMatches(form.get("_csrf"), viewer.csrf())) {
            return Answer.status(
                    403,
                    layout.message(
                            "Forbidden",
                            "The form's security token is missing or stale; reload the page and try again."));
        }
        return work.run(viewer, form);
    }

    /** The viewer a session stands for now, or null when its key was revoked, expired or lost its role. */
    private @Nullable Viewer viewer(Session s) {
        if (s.role() == Role.VIEWER) {
            boolean listed =
                    services.admin().config().get().ui().viewerKeyHashes().contains(s.keyHash());
            return listed ? new Viewer(Role.VIEWER, null, s.csrf(), s.idHash()) : null;
        }
        Principal p = services.admin().keys().get().lookupHash(s.keyHash());
        if (p == null) {
            return null;
        }
        if (s.role() == Role.ADMIN) {
            return p.admin() ? new Viewer(Role.ADMIN, null, s.csrf(), s.idHash()) : null;
        }
        return p.teamId() != null && !p.admin() ? new Viewer(Role.TEAM, p.teamId(), s.csrf(), s.idHash()) : null;
    }

    static boolean tokenMatches(@Nullable String given, String expected) {
        return given != null
                && MessageDigest.isEqual(
                        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** A browser's POST names its page's origin; one from another host is refused (defence beside the token). */
    static boolean sameOrigin(RoutingContext ctx) {
        String origin = ctx.request().getHeader("origin");
        if (origin == null || "null".equals(origin)) {
            return origin == null;
        }
        String host = ctx.request().getHeader("host");
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && host.equalsIgnoreCase(authority);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    void write(RoutingContext ctx, Answer answer) {
        HttpServerResponse response = ctx.response();
        UiHeaders.secure(response);
        UiHeaders.noStore(response);
        response.setStatusCode(answer.status()).putHeader("content-type", answer.contentType());
        if (answer.endsSession()) {
            SessionCookie.clear(response, services.admin().config().get().ui());
        }
        if (answer.location() != null) {
            response.putHeader("location", answer.location());
        }
        if (answer.filename() != null) {
            response.putHeader("content-disposition", "attachment; filename=\"" + answer.filename() + "\"");
        }
        response.end(answer.body());
    }
}
