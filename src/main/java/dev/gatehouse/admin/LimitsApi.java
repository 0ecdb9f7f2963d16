package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.StateSettings;
import dev.gatehouse.json.Json;
import dev.gatehouse.redis.RedisHealth;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /admin/v1/limits}: where limit and budget counters live and how Redis is faring:
 * {@code redis_failures} counts failed Redis operations since start (the metric of the failure
 * policy), {@code redis_down} says whether the last one failed.
 */
final class LimitsApi {

    private final AdminServices services;

    LimitsApi(AdminServices services) {
        this.services = services;
    }

    void status(RoutingContext ctx) {
        if (!AdminCall.isAdmin(ctx, services)) {
            return;
        }
        StateSettings s = services.stateSettings();
        RedisHealth h = services.redisHealth().get();
        ObjectNode out = Json.object();
        out.put("state", s.kind().name().toLowerCase());
        out.put("on_redis_failure", s.failClosed() ? "fail_closed" : "fail_open");
        out.put("redis_failures", h == null ? 0 : h.failures());
        out.put("redis_down", h != null && h.down());
        ctx.response().putHeader("content-type", "application/json").end(Json.encode(out));
    }
}
