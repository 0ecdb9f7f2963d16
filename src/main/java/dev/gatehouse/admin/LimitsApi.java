package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.StateSettings;
import dev.gatehouse.json.Json;
import dev.gatehouse.redis.RedisHealth;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /admin/v1/limits}: where limit and budget counters live, what limits and budgets do
 * when Redis fails, and how Redis is faring: {@code redis_failures} counts failed Redis operations
 * since start (the metric of the failure policy), {@code redis_down} says whether the last one
 * failed, {@code live_instances} how many instances were last counted in Redis (what a budget is
 * split by under {@code share} when {@code instances} is not set).
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
        out.put("budgets_on_redis_failure", s.budgetsOnFailure().wire());
        if (s.instances() == null) {
            out.putNull("instances");
        } else {
            out.put("instances", s.instances());
        }
        int live = services.liveInstances().getAsInt();
        if (live < 1) {
            out.putNull("live_instances");
        } else {
            out.put("live_instances", live);
        }
        out.put("key_poll_interval_ms", s.keyPollInterval().toMillis());
        out.put("redis_failures", h == null ? 0 : h.failures());
        out.put("redis_down", h != null && h.down());
        ctx.response().putHeader("content-type", "application/json").end(Json.encode(out));
    }
}
