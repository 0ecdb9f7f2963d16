package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.auth.Limits;
import dev.gatehouse.auth.Team;
import dev.gatehouse.config.GuardrailPolicy;
import dev.gatehouse.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /admin/v1/teams}: create (with a chosen {@code team_id} or a generated one), list, get, patch,
 * and delete (refused with 409 {@code team_in_use} while live keys or users belong to it).
 */
final class TeamsApi {

    private static final Set<String> FIELDS = fields();

    private final AdminServices services;

    TeamsApi(AdminServices services) {
        this.services = services;
    }

    private static Set<String> fields() {
        Set<String> names = new HashSet<>(LimitFields.NAMES);
        names.addAll(List.of("team_id", "team_alias", "models", "metadata", GuardrailField.NAME));
        return Set.copyOf(names);
    }

    void create(RoutingContext ctx) {
        AdminCall.write(
                ctx,
                services,
                201,
                () -> {
                    AdminBody body = AdminBody.parse(ctx.body().buffer(), FIELDS);
                    String id = body.string("team_id");
                    Team team = new Team(
                            id == null ? NewSecrets.id("team") : id,
                            body.string("team_alias"),
                            body.strings("models"),
                            body.object("metadata"),
                            LimitFields.merge(Limits.NONE, body),
                            services.clock().instant(),
                            GuardrailField.read(body, services.config().get().guardrails()));
                    return () -> services.store().createTeam(team);
                },
                TeamsApi::render);
    }

    void list(RoutingContext ctx) {
        AdminCall.read(ctx, services, () -> services.store().teams(), teams -> {
            ObjectNode out = Json.object();
            ArrayNode data = out.putArray("data");
            teams.forEach(t -> data.add(render(t)));
            return out;
        });
    }

    void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminCall.read(
                ctx,
                services,
                () -> services.store().team(id).orElseThrow(() -> AdminCall.notFound("team", id)),
                TeamsApi::render);
    }

    void patch(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminCall.write(
                ctx,
                services,
                200,
                () -> {
                    AdminBody body = AdminBody.parse(ctx.body().buffer(), FIELDS);
                    if (body.has("team_id") && !id.equals(body.string("team_id"))) {
                        throw AdminBody.error("'team_id' cannot be changed.", "team_id", "invalid_value");
                    }
                    GuardrailPolicy guardrails =
                            GuardrailField.read(body, services.config().get().guardrails());
                    return () -> services.store()
                            .changeTeam(
                                    id,
                                    t -> new Team(
                                            t.id(),
                                            body.has("team_alias") ? body.string("team_alias") : t.alias(),
                                            body.has("models") ? body.strings("models") : t.models(),
                                            body.has("metadata") ? body.object("metadata") : t.metadata(),
                                            LimitFields.merge(t.limits(), body),
                                            t.createdAt(),
                                            body.has(GuardrailField.NAME) ? guardrails : t.guardrails()))
                            .orElseThrow(() -> AdminCall.notFound("team", id));
                },
                TeamsApi::render);
    }

    void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminCall.write(
                ctx,
                services,
                200,
                () -> () -> {
                    if (!services.store().deleteTeam(id)) {
                        throw AdminCall.notFound("team", id);
                    }
                    return id;
                },
                deleted -> AdminCall.deleted("team", deleted));
    }

    static ObjectNode render(Team t) {
        ObjectNode out = Json.object();
        out.put("team_id", t.id());
        out.put("object", "team");
        out.put("team_alias", t.alias());
        t.models().forEach(out.putArray("models")::add);
        out.set("metadata", t.metadata());
        LimitFields.write(out, t.limits());
        GuardrailField.write(out, t.guardrails());
        out.put("created_at", t.createdAt().toString());
        return out;
    }
}
