package dev.gatehouse.ui;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.jspecify.annotations.Nullable;

/** Mounts the dashboard under {@code /ui} on the gateway's own router and port. */
public final class UiRoutes {

    private static final long MAX_FORM_BYTES = 64 * 1024;

    private UiRoutes() {}

    public static void install(Router router, UiServices services) {
        UiAssets assets = services.assets();
        Layout layout = new Layout(assets);
        UiGate gate = new UiGate(services, layout);
        BodyHandler form = BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES);
        SignIn signIn = new SignIn(services, layout, gate);
        OverviewPage overview = new OverviewPage(services, layout);
        TeamsPage teams = new TeamsPage(services, layout);
        KeyActions keys = new KeyActions(services, layout);
        SpendPage spend = new SpendPage(services, layout);
        ProvidersPage providers = new ProvidersPage(services, layout);
        RequestsPage requests = new RequestsPage(services, layout);
        AlertsPage alerts = new AlertsPage(services, layout);

        router.get("/ui/assets/:version/:name").handler(assets::serve);
        router.get("/ui/login").handler(signIn::form);
        router.post("/ui/login").handler(form).handler(signIn::submit);
        router.post("/ui/logout")
                .handler(form)
                .handler(ctx -> gate.handle(ctx, UiGate.Access.POST, (v, f) -> {
                    services.sessions().delete(v.sessionHash());
                    return Answer.signedOut();
                }));
        router.get("/ui")
                .handler(ctx -> gate.handle(
                        ctx,
                        UiGate.Access.SIGNED_IN,
                        (v, f) -> overview.render(v, ctx.queryParams().get("period"))));
        router.get("/ui/").handler(ctx -> gate.write(ctx, Answer.redirect("/ui")));
        router.get("/ui/teams")
                .handler(ctx -> gate.handle(ctx, UiGate.Access.ALL_TEAMS, (v, f) -> teams.list(v, null)));
        router.post("/ui/teams")
                .handler(form)
                .handler(ctx -> gate.handle(ctx, UiGate.Access.CHANGE, teams::createTeam));
        router.get("/ui/teams/:id")
                .handler(ctx -> gate.handle(ctx, UiGate.Access.SIGNED_IN, (v, f) -> teams.team(v, id(ctx), null)));
        router.post("/ui/teams/:id/keys")
                .handler(form)
                .handler(ctx -> gate.handle(ctx, UiGate.Access.CHANGE, (v, f) -> teams.createKey(v, id(ctx), f)));
        router.post("/ui/teams/:id/limits")
                .handler(form)
                .handler(ctx -> gate.handle(ctx, UiGate.Access.CHANGE, (v, f) -> teams.saveLimits(v, id(ctx), f)));
        router.get("/ui/keys/:id/:action")
                .handler(ctx -> gate.handle(ctx, UiGate.Access.CHANGE_PAGE, (v, f) -> {
                    String action = keyAction(ctx);
                    return action == null ? notFound(layout, v) : keys.confirm(v, id(ctx), action);
                }));
        router.post("/ui/keys/:id/revoke")
                .handler(form)
                .handler(ctx -> gate.handle(ctx, UiGate.Access.CHANGE, (v, f) -> keys.revoke(v, id(ctx))));
        router.post("/ui/keys/:id/rotate")
                .handler(form)
                .handler(ctx -> gate.handle(ctx, UiGate.Access.CHANGE, (v, f) -> keys.rotate(v, id(ctx))));
        router.get("/ui/spend")
                .handler(ctx -> gate.handle(ctx, UiGate.Access.SIGNED_IN, (v, f) -> spend.page(v, ctx.queryParams())));
        router.get("/ui/spend.csv")
                .handler(ctx -> gate.handle(ctx, UiGate.Access.SIGNED_IN, (v, f) -> spend.csv(v, ctx.queryParams())));
        router.get("/ui/providers")
                .handler(ctx -> gate.handle(ctx, UiGate.Access.ALL_TEAMS, (v, f) -> providers.render(v)));
        router.get("/ui/requests")
                .handler(ctx ->
                        gate.handle(ctx, UiGate.Access.SIGNED_IN, (v, f) -> requests.list(v, ctx.queryParams())));
        router.get("/ui/requests/:id")
                .handler(ctx -> gate.handle(ctx, UiGate.Access.SIGNED_IN, (v, f) -> requests.detail(v, id(ctx))));
        router.get("/ui/alerts").handler(ctx -> gate.handle(ctx, UiGate.Access.ALL_TEAMS, (v, f) -> alerts.render(v)));
    }

    private static String id(RoutingContext ctx) {
        return ctx.pathParam("id");
    }

    private static @Nullable String keyAction(RoutingContext ctx) {
        String action = ctx.pathParam("action");
        return "revoke".equals(action) || "rotate".equals(action) ? action : null;
    }

    private static Answer notFound(Layout layout, Viewer viewer) {
        return Answer.status(
                404, layout.page(viewer, "Not found", "", new Html().el("p", "There is no such page."), null));
    }
}
