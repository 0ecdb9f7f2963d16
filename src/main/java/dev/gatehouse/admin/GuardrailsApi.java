package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.GuardrailPolicy;
import dev.gatehouse.config.GuardrailSettings;
import dev.gatehouse.config.GuardrailsConfig;
import dev.gatehouse.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /admin/v1/guardrails}: the guardrails of the config in force (name, type, on_error,
 * timeout) and the config's policies (global, per model group, team and key). A guardrail's own
 * settings are left out: they hold webhook headers and provider keys. Policies stored with keys and
 * teams are shown on those ({@code /admin/v1/keys}, {@code /admin/v1/teams}).
 */
final class GuardrailsApi {

    private final AdminServices services;

    GuardrailsApi(AdminServices services) {
        this.services = services;
    }

    void list(RoutingContext ctx) {
        if (!AdminCall.isAdmin(ctx, services)) {
            return;
        }
        GuardrailsConfig config = services.config().get().guardrails();
        ObjectNode out = Json.object();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        for (GuardrailSettings s : config.definitions()) {
            ObjectNode g = data.addObject();
            g.put("name", s.name());
            g.put("object", "guardrail");
            g.put("type", s.type());
            g.put("on_error", s.onError().name().toLowerCase(Locale.ROOT));
            g.put("timeout_ms", s.timeout().toMillis());
        }
        ObjectNode policies = out.putObject("policies");
        policies.set("global", GuardrailField.render(config.global()));
        scoped(policies.putObject("models"), config.models());
        scoped(policies.putObject("teams"), config.teams());
        scoped(policies.putObject("keys"), config.keys());
        policies.put("stream_window_chars", config.streamWindowChars());
        ctx.response().putHeader("content-type", "application/json").end(Json.encode(out));
    }

    private static void scoped(ObjectNode out, Map<String, GuardrailPolicy> policies) {
        new TreeMap<>(policies).forEach((name, policy) -> out.set(name, GuardrailField.render(policy)));
    }
}
