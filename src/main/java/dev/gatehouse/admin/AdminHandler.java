package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigProblem;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.routing.DeploymentInventory;
import dev.gatehouse.routing.DeploymentStats;
import dev.gatehouse.routing.HealthCheckResult;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The admin API's routing endpoints, for admin keys only: {@code GET /admin/v1/health} (every
 * deployment's breaker state and recent figures) and {@code POST /admin/v1/config/reload}.
 */
final class AdminHandler {

    private final AdminServices services;

    AdminHandler(AdminServices services) {
        this.services = services;
    }

    void health(RoutingContext ctx) {
        if (!admin(ctx)) {
            return;
        }
        GatewayConfig config = services.config().get();
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("deployments");
        Set<String> listed = new HashSet<>();
        for (DeploymentInventory.Entry entry : DeploymentInventory.of(config)) {
            ObjectNode d = describe(services.registry().get(entry.provider(), entry.model()));
            d.put("provider", entry.provider());
            d.put("model", entry.model());
            entry.groups().forEach(d.putArray("groups")::add);
            list.add(d);
            listed.add(entry.id());
        }
        for (DeploymentStats stats : services.registry().all()) {
            if (listed.add(stats.id())) {
                list.add(describe(stats));
            }
        }
        ctx.response().putHeader("content-type", "application/json").end(Json.encode(body));
    }

    private static ObjectNode describe(DeploymentStats stats) {
        ObjectNode d = Json.object();
        d.put("id", stats.id());
        d.put("state", stats.breaker().state().name().toLowerCase());
        putTime(d, "open_until", stats.breaker().openUntil());
        d.put("in_flight", stats.inFlight());
        d.put("successes", stats.successes());
        d.put("failures", stats.failures());
        putNumber(d, "ewma_ttft_ms", stats.ttftMillis());
        putNumber(d, "ewma_latency_ms", stats.latencyMillis());
        d.put("last_error", stats.lastError());
        putTime(d, "last_error_at", stats.lastErrorAt());
        putTime(d, "last_health_check_at", stats.lastHealthCheckAt());
        HealthCheckResult probe = stats.lastHealthCheck();
        if (probe == null || probe == HealthCheckResult.INCONCLUSIVE) {
            d.putNull("last_health_check_ok");
        } else {
            d.put("last_health_check_ok", probe == HealthCheckResult.HEALTHY);
        }
        d.put("last_health_check", probe == null ? null : probe.name().toLowerCase(Locale.ROOT));
        return d;
    }

    void reload(RoutingContext ctx) {
        if (!admin(ctx)) {
            return;
        }
        if (services.reload() == null) {
            ErrorResponses.write(
                    ctx.response(),
                    new GatewayError(
                            ErrorKind.INVALID_REQUEST,
                            409,
                            "invalid_request_error",
                            "The gateway was started without --config, so there is no file to reload.",
                            null,
                            "no_config_file"));
            return;
        }
        services.reload().get().onComplete(done -> {
            if (done.succeeded()) {
                GatewayConfig config = done.result();
                ctx.response()
                        .putHeader("content-type", "application/json")
                        .end(Json.encode(Json.object()
                                .put("status", "reloaded")
                                .put("providers", config.providers().size())
                                .put("models", config.models().size())
                                .put("keys", config.keys().size())));
                return;
            }
            GatewayError error = GatewayError.of(
                    ErrorKind.INVALID_REQUEST,
                    "The config file was rejected; the running config stays: "
                            + done.cause().getMessage(),
                    null,
                    "invalid_config");
            ObjectNode body = ErrorResponses.openAiBody(error);
            if (done.cause() instanceof ConfigException ce) {
                ArrayNode problems = ((ObjectNode) body.get("error")).putArray("problems");
                for (ConfigProblem p : ce.problems()) {
                    problems.addObject().put("path", p.path()).put("message", p.message());
                }
            }
            ctx.response()
                    .setStatusCode(400)
                    .putHeader("content-type", "application/json")
                    .end(Json.encode(body));
        });
    }

    private boolean admin(RoutingContext ctx) {
        return AdminAccess.allowed(ctx, services.keys().get());
    }

    private static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(value * 100) / 100.0);
        }
    }

    private static void putTime(ObjectNode node, String field, @Nullable Instant at) {
        if (at == null) {
            node.putNull(field);
        } else {
            node.put(field, at.toString());
        }
    }
}
