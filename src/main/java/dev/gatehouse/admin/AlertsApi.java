package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.alerts.AlertEngine;
import dev.gatehouse.alerts.AlertJson;
import dev.gatehouse.config.AlertRule;
import dev.gatehouse.config.AlertRulesReader;
import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigProblem;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /admin/v1/alerts?state=active|resolved|all&limit=N}: this instance's firing alerts and
 * its most recently resolved ones, newest first. {@code GET /admin/v1/alerts/rules} and
 * {@code PUT /admin/v1/alerts/rules} ({@code {"rules":[...]}}, validated as the config's
 * {@code alerts.rules}; errors carry each problem's path): the rules in force. A replacement holds on
 * this instance until the config is reloaded or the gateway restarts.
 */
final class AlertsApi {

    private static final Set<String> STATES = Set.of("active", "resolved", "all");
    private static final int MAX_LIMIT = 1000;

    private final AdminServices services;

    AlertsApi(AdminServices services) {
        this.services = services;
    }

    void list(RoutingContext ctx) {
        if (!AdminCall.isAdmin(ctx, services)) {
            return;
        }
        for (String name : ctx.queryParams().names()) {
            if (!name.equals("state") && !name.equals("limit")) {
                ErrorResponses.write(
                        ctx.response(),
                        GatewayError.invalid("Unknown parameter '" + name + "'; use state or limit.", name));
                return;
            }
        }
        String state = Optional.ofNullable(ctx.queryParams().get("state")).orElse("all");
        if (!STATES.contains(state)) {
            ErrorResponses.write(
                    ctx.response(),
                    GatewayError.invalid("state must be active, resolved or all, not '" + state + "'.", "state"));
            return;
        }
        int limit = 100;
        String limitText = ctx.queryParams().get("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                ErrorResponses.write(
                        ctx.response(),
                        GatewayError.invalid("limit must be a whole number from 1 to " + MAX_LIMIT + ".", "limit"));
                return;
            }
        }
        AlertEngine alerts = services.alerts();
        ok(ctx, AlertJson.list(alerts.list(state, limit), alerts.activeCount()));
    }

    void rules(RoutingContext ctx) {
        if (!AdminCall.isAdmin(ctx, services)) {
            return;
        }
        ok(ctx, rulesBody(services.alerts()));
    }

    void replaceRules(RoutingContext ctx) {
        if (!AdminCall.isAdmin(ctx, services)) {
            return;
        }
        Optional<JsonNode> body =
                Json.tryParse(ctx.body().buffer() == null ? "" : ctx.body().asString());
        if (body.isEmpty()) {
            ErrorResponses.write(
                    ctx.response(), GatewayError.invalid("The body must be JSON: {\"rules\": [...]}.", null));
            return;
        }
        List<AlertRule> rules;
        try {
            rules = AlertRulesReader.rules(body.get());
        } catch (ConfigException e) {
            GatewayError error = GatewayError.invalid(
                    "The rules were rejected; the rules in force stay: " + e.getMessage(), "rules");
            ObjectNode out = ErrorResponses.openAiBody(error);
            ArrayNode problems = ((ObjectNode) out.get("error")).putArray("problems");
            for (ConfigProblem p : e.problems()) {
                problems.addObject().put("path", p.path()).put("message", p.message());
            }
            ctx.response()
                    .setStatusCode(400)
                    .putHeader("content-type", "application/json")
                    .end(Json.encode(out));
            return;
        }
        services.alerts().replaceRules(rules);
        ok(ctx, rulesBody(services.alerts()));
    }

    private static ObjectNode rulesBody(AlertEngine alerts) {
        ObjectNode out = Json.object();
        out.put("source", alerts.rulesReplaced() ? "admin" : "config");
        ArrayNode list = out.putArray("rules");
        alerts.rules().forEach(r -> list.add(AlertRulesReader.write(r)));
        return out;
    }

    private static void ok(RoutingContext ctx, JsonNode body) {
        ctx.response().putHeader("content-type", "application/json").end(Json.encode(body));
    }
}
