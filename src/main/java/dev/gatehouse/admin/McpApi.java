package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.McpAccessRule;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.mcp.McpAccessStore;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The MCP gateway in the admin API. {@code GET /admin/v1/mcp}: every tool server, its transport,
 * health, breaker and tools (never its credentials). {@code GET|PUT|DELETE
 * /admin/v1/mcp/access/{keys|teams}/{id}}: the stored access rule of a key or team
 * ({@code allow_servers}, {@code deny_servers}, {@code allow_tools}, {@code deny_tools}); a write is
 * served once this instance reread the rules, and reaches other instances with the key changes.
 */
final class McpApi {

    private static final Set<String> FIELDS = Set.of("allow_servers", "deny_servers", "allow_tools", "deny_tools");

    private final AdminServices services;

    McpApi(AdminServices services) {
        this.services = services;
    }

    void status(RoutingContext ctx) {
        if (!AdminCall.isAdmin(ctx, services)) {
            return;
        }
        ctx.response()
                .putHeader("content-type", "application/json")
                .end(Json.encode(services.mcp().status()));
    }

    void getAccess(RoutingContext ctx) {
        McpAccessStore store = services.mcp().store();
        McpAccessStore.Scope scope = scope(ctx);
        if (scope == null || store == null) {
            return;
        }
        String id = ctx.pathParam("id");
        AdminCall.read(
                ctx,
                services,
                () -> {
                    McpAccessRule rule = store.find(scope, id);
                    if (rule == null) {
                        throw AdminCall.notFound(
                                "MCP access rule for " + scope.name().toLowerCase(Locale.ROOT), id);
                    }
                    return rule;
                },
                rule -> render(scope, id, rule));
    }

    void putAccess(RoutingContext ctx) {
        McpAccessStore store = services.mcp().store();
        McpAccessStore.Scope scope = scope(ctx);
        if (scope == null || store == null) {
            return;
        }
        String id = ctx.pathParam("id");
        AdminCall.write(
                ctx,
                services,
                200,
                () -> {
                    AdminBody body = AdminBody.parse(ctx.body().buffer(), FIELDS);
                    McpAccessRule rule = new McpAccessRule(
                            list(body, "allow_servers"),
                            list(body, "deny_servers"),
                            list(body, "allow_tools"),
                            list(body, "deny_tools"));
                    return () -> {
                        store.put(scope, id, rule, services.clock().millis());
                        return rule;
                    };
                },
                rule -> render(scope, id, rule));
    }

    void deleteAccess(RoutingContext ctx) {
        McpAccessStore store = services.mcp().store();
        McpAccessStore.Scope scope = scope(ctx);
        if (scope == null || store == null) {
            return;
        }
        String id = ctx.pathParam("id");
        AdminCall.write(
                ctx,
                services,
                200,
                () -> () -> {
                    if (!store.delete(scope, id)) {
                        throw AdminCall.notFound(
                                "MCP access rule for " + scope.name().toLowerCase(Locale.ROOT), id);
                    }
                    return id;
                },
                deleted -> AdminCall.deleted("mcp.access_rule", deleted));
    }

    private static List<String> list(AdminBody body, String field) {
        return body.has(field) ? body.strings(field) : List.of();
    }

    /** The scope of the path ({@code keys} or {@code teams}); null after answering 404 for anything else. */
    private McpAccessStore.@Nullable Scope scope(RoutingContext ctx) {
        String scope = ctx.pathParam("scope");
        McpAccessStore.Scope found = "keys".equals(scope)
                ? McpAccessStore.Scope.KEY
                : "teams".equals(scope) ? McpAccessStore.Scope.TEAM : null;
        if (found == null) {
            ErrorResponses.write(
                    ctx.response(),
                    GatewayError.of(
                            ErrorKind.NOT_FOUND,
                            "MCP access rules are under /admin/v1/mcp/access/keys/{id} or /teams/{id}.",
                            null,
                            "unknown_url"));
        }
        return found;
    }

    private static JsonNode render(McpAccessStore.Scope scope, String id, McpAccessRule rule) {
        ObjectNode out = Json.object();
        out.put("object", "mcp.access_rule");
        out.put("scope", scope.name().toLowerCase(Locale.ROOT));
        out.put("id", id);
        out.set("allow_servers", Json.MAPPER.valueToTree(rule.allowServers()));
        out.set("deny_servers", Json.MAPPER.valueToTree(rule.denyServers()));
        out.set("allow_tools", Json.MAPPER.valueToTree(rule.allowTools()));
        out.set("deny_tools", Json.MAPPER.valueToTree(rule.denyTools()));
        return out;
    }
}
