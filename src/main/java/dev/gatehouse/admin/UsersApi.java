package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.auth.Limits;
import dev.gatehouse.auth.User;
import dev.gatehouse.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /admin/v1/users}: create (with a chosen {@code user_id} or a generated one), list, get, patch,
 * and delete (refused with 409 {@code user_in_use} while live keys belong to it).
 */
final class UsersApi {

    private static final Set<String> FIELDS = fields();

    private final AdminServices services;

    UsersApi(AdminServices services) {
        this.services = services;
    }

    private static Set<String> fields() {
        Set<String> names = new HashSet<>(LimitFields.NAMES);
        names.addAll(List.of("user_id", "user_email", "team_id", "metadata"));
        return Set.copyOf(names);
    }

    void create(RoutingContext ctx) {
        AdminCall.write(
                ctx,
                services,
                201,
                () -> {
                    AdminBody body = AdminBody.parse(ctx.body().buffer(), FIELDS);
                    String id = body.string("user_id");
                    User user = new User(
                            id == null ? NewSecrets.id("user") : id,
                            body.string("user_email"),
                            body.string("team_id"),
                            body.object("metadata"),
                            LimitFields.merge(Limits.NONE, body),
                            services.clock().instant());
                    return () -> services.store().createUser(user);
                },
                UsersApi::render);
    }

    void list(RoutingContext ctx) {
        AdminCall.read(ctx, services, () -> services.store().users(), users -> {
            ObjectNode out = Json.object();
            ArrayNode data = out.putArray("data");
            users.forEach(u -> data.add(render(u)));
            return out;
        });
    }

    void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminCall.read(
                ctx,
                services,
                () -> services.store().user(id).orElseThrow(() -> AdminCall.notFound("user", id)),
                UsersApi::render);
    }

    void patch(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminCall.write(
                ctx,
                services,
                200,
                () -> {
                    AdminBody body = AdminBody.parse(ctx.body().buffer(), FIELDS);
                    if (body.has("user_id") && !id.equals(body.string("user_id"))) {
                        throw AdminBody.error("'user_id' cannot be changed.", "user_id", "invalid_value");
                    }
                    return () -> services.store()
                            .changeUser(
                                    id,
                                    u -> new User(
                                            u.id(),
                                            body.has("user_email") ? body.string("user_email") : u.email(),
                                            body.has("team_id") ? body.string("team_id") : u.teamId(),
                                            body.has("metadata") ? body.object("metadata") : u.metadata(),
                                            LimitFields.merge(u.limits(), body),
                                            u.createdAt()))
                            .orElseThrow(() -> AdminCall.notFound("user", id));
                },
                UsersApi::render);
    }

    void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminCall.write(
                ctx,
                services,
                200,
                () -> () -> {
                    if (!services.store().deleteUser(id)) {
                        throw AdminCall.notFound("user", id);
                    }
                    return id;
                },
                deleted -> AdminCall.deleted("user", deleted));
    }

    static ObjectNode render(User u) {
        ObjectNode out = Json.object();
        out.put("user_id", u.id());
        out.put("object", "user");
        out.put("user_email", u.email());
        out.put("team_id", u.teamId());
        out.set("metadata", u.metadata());
        LimitFields.write(out, u.limits());
        out.put("created_at", u.createdAt().toString());
        return out;
    }
}
