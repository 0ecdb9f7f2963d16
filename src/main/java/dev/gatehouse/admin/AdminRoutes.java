package dev.gatehouse.admin;

import dev.gatehouse.configstore.EntryKind;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Mounts the admin API on a router: keys, teams and users, limits status, usage reports,
 * deployment health, config reload and alerts.
 */
public final class AdminRoutes {

    private static final long MAX_BODY_BYTES = 256 * 1024;

    private AdminRoutes() {}

    public static void install(Router router, AdminServices services) {
        BodyHandler body =
                BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES).setPreallocateBodyBuffer(true);
        KeysApi keys = new KeysApi(services);
        router.post("/admin/v1/keys").handler(body).handler(keys::create);
        router.get("/admin/v1/keys").handler(keys::list);
        router.get("/admin/v1/keys/:id").handler(keys::get);
        router.patch("/admin/v1/keys/:id").handler(body).handler(keys::patch);
        router.post("/admin/v1/keys/:id/rotate").handler(body).handler(keys::rotate);
        router.delete("/admin/v1/keys/:id").handler(keys::revoke);
        TeamsApi teams = new TeamsApi(services);
        router.post("/admin/v1/teams").handler(body).handler(teams::create);
        router.get("/admin/v1/teams").handler(teams::list);
        router.get("/admin/v1/teams/:id").handler(teams::get);
        router.patch("/admin/v1/teams/:id").handler(body).handler(teams::patch);
        router.delete("/admin/v1/teams/:id").handler(teams::delete);
        UsersApi users = new UsersApi(services);
        router.post("/admin/v1/users").handler(body).handler(users::create);
        router.get("/admin/v1/users").handler(users::list);
        router.get("/admin/v1/users/:id").handler(users::get);
        router.patch("/admin/v1/users/:id").handler(body).handler(users::patch);
        router.delete("/admin/v1/users/:id").handler(users::delete);
        PromptsApi prompts = new PromptsApi(services);
        router.post("/admin/v1/prompts").handler(body).handler(prompts::create);
        router.get("/admin/v1/prompts").handler(prompts::list);
        router.get("/admin/v1/prompts/:id").handler(prompts::get);
        router.delete("/admin/v1/prompts/:id").handler(prompts::delete);
        router.post("/admin/v1/prompts/:id/versions").handler(body).handler(prompts::addVersion);
        router.get("/admin/v1/prompts/:id/versions/:version").handler(prompts::getVersion);
        router.put("/admin/v1/prompts/:id/versions/:version").handler(prompts::refuseVersionChange);
        router.patch("/admin/v1/prompts/:id/versions/:version").handler(prompts::refuseVersionChange);
        router.put("/admin/v1/prompts/:id/labels/:label").handler(body).handler(prompts::setLabel);
        router.delete("/admin/v1/prompts/:id/labels/:label").handler(prompts::deleteLabel);
        AdminHandler admin = new AdminHandler(services);
        router.get("/admin/v1/health").handler(admin::health);
        router.post("/admin/v1/config/reload").handler(admin::reload);
        router.get("/admin/v1/limits").handler(new LimitsApi(services)::status);
        CacheApi cache = new CacheApi(services);
        router.get("/admin/v1/cache").handler(cache::status);
        router.delete("/admin/v1/cache").handler(cache::delete);
        McpApi mcp = new McpApi(services);
        router.get("/admin/v1/mcp").handler(mcp::status);
        router.get("/admin/v1/mcp/access/:scope/:id").handler(mcp::getAccess);
        router.put("/admin/v1/mcp/access/:scope/:id").handler(body).handler(mcp::putAccess);
        router.delete("/admin/v1/mcp/access/:scope/:id").handler(mcp::deleteAccess);
        router.get("/admin/v1/guardrails").handler(new GuardrailsApi(services)::list);
        router.get("/admin/v1/usage").handler(new UsageHandler(services)::report);
        for (EntryKind kind : EntryKind.values()) {
            StoredConfigApi stored = new StoredConfigApi(services, kind);
            String path = "/admin/v1/" + kind.wire() + "s";
            router.get(path).handler(stored::list);
            router.get(path + "/:id").handler(stored::get);
            router.put(path + "/:id").handler(body).handler(stored::put);
            router.delete(path + "/:id").handler(stored::delete);
        }
        AlertsApi alerts = new AlertsApi(services);
        router.get("/admin/v1/alerts").handler(alerts::list);
        router.get("/admin/v1/alerts/rules").handler(alerts::rules);
        router.put("/admin/v1/alerts/rules").handler(body).handler(alerts::replaceRules);
    }
}
