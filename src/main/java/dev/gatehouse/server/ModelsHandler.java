package dev.gatehouse.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.auth.Authenticate;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.routing.RouteRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: the models the caller's key may use, in
 * OpenAI's list and model formats. Answered from memory, without calling any provider.
 */
final class ModelsHandler {

    /** A fixed creation time: the gateway does not know when a provider created a model. */
    private static final long CREATED = 1_700_000_000L;

    private final Supplier<GatewayState> state;

    ModelsHandler(Supplier<GatewayState> state) {
        this.state = state;
    }

    void list(RoutingContext ctx) {
        GatewayState current = state.get();
        Principal principal = authenticate(ctx, current);
        if (principal == null) {
            return;
        }
        ObjectNode body = Json.object();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        for (Map.Entry<String, String> model : current.models().listable().entrySet()) {
            if (principal.mayUse(model.getKey())) {
                data.add(model(model.getKey(), model.getValue()));
            }
        }
        ctx.response().putHeader("content-type", "application/json").end(Json.encode(body));
    }

    void get(RoutingContext ctx) {
        GatewayState current = state.get();
        Principal principal = authenticate(ctx, current);
        if (principal == null) {
            return;
        }
        String id = ctx.pathParam("param0");
        String owner = principal.mayUse(id) ? current.models().owner(id) : null;
        if (owner == null) {
            ErrorResponses.write(ctx.response(), RouteRequest.notFound(id));
            return;
        }
        ctx.response().putHeader("content-type", "application/json").end(Json.encode(model(id, owner)));
    }

    private static ObjectNode model(String id, String provider) {
        ObjectNode model = Json.object();
        model.put("id", id);
        model.put("object", "model");
        model.put("created", CREATED);
        model.put("owned_by", provider);
        return model;
    }

    private static @Nullable Principal authenticate(RoutingContext ctx, GatewayState current) {
        String secret = Authenticate.presentedSecret(
                ctx.request().getHeader("authorization"), ctx.request().getHeader("x-api-key"));
        try {
            return Authenticate.principalFor(current.keys(), secret);
        } catch (GatewayError e) {
            ErrorResponses.write(ctx.response(), e);
            return null;
        }
    }
}
