package dev.gatehouse.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.auth.Authenticate;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.InternalErrors;
import dev.gatehouse.responsestore.ResponseArchive;
import dev.gatehouse.responsestore.ResponseOwner;
import dev.gatehouse.responsestore.StoredResponse;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/responses/{id}}, {@code DELETE /v1/responses/{id}} and
 * {@code GET /v1/responses/{id}/input_items}: the kept responses of the caller's team (or key), read
 * on a worker. A response of another team, one never kept ({@code store: false}) or one past its
 * retention is a 404, alike, so an id reveals nothing about other callers.
 */
final class ResponsesHandler {

    private final Supplier<GatewayState> state;
    private final ResponseArchive archive;

    ResponsesHandler(Supplier<GatewayState> state, ResponseArchive archive) {
        this.state = state;
        this.archive = archive;
    }

    void get(RoutingContext ctx) {
        withResponse(
                ctx,
                kept -> ctx.response()
                        .putHeader("content-type", "application/json")
                        .end(kept.response()));
    }

    void delete(RoutingContext ctx) {
        Principal principal = authenticate(ctx);
        if (principal == null) {
            return;
        }
        String id = ctx.pathParam("id");
        archive.delete(id, ResponseOwner.of(principal)).onComplete(done -> {
            if (done.failed()) {
                internal(ctx, done.cause());
            } else if (!done.result()) {
                ErrorResponses.write(ctx.response(), notFound(id));
            } else {
                ObjectNode body =
                        Json.object().put("id", id).put("object", "response").put("deleted", true);
                ctx.response().putHeader("content-type", "application/json").end(Json.encode(body));
            }
        });
    }

    /** OpenAI's list shape with its paging: {@code limit} (1-100, 20), {@code order} (asc or desc, desc), {@code after}. */
    void inputItems(RoutingContext ctx) {
        String limitParam = ctx.request().getParam("limit");
        String order = ctx.request().getParam("order", "desc");
        String after = ctx.request().getParam("after");
        int limit;
        try {
            limit = limitParam == null ? 20 : Integer.parseInt(limitParam);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 100) {
            ErrorResponses.write(
                    ctx.response(),
                    GatewayError.of(
                            ErrorKind.INVALID_REQUEST,
                            "Invalid 'limit': expected an integer from 1 to 100.",
                            "limit",
                            "invalid_value"));
            return;
        }
        if (!order.equals("asc") && !order.equals("desc")) {
            ErrorResponses.write(
                    ctx.response(),
                    GatewayError.of(
                            ErrorKind.INVALID_REQUEST,
                            "Invalid value: '" + order + "'. Supported values are: 'asc' and 'desc'.",
                            "order",
                            "invalid_value"));
            return;
        }
        int pageSize = limit;
        withResponse(ctx, kept -> {
            List<JsonNode> items = new ArrayList<>();
            Json.parse(kept.inputItems()).forEach(items::add);
            if (order.equals("desc")) {
                java.util.Collections.reverse(items);
            }
            int start = 0;
            if (after != null) {
                for (int i = 0; i < items.size(); i++) {
                    if (after.equals(items.get(i).path("id").asText())) {
                        start = i + 1;
                        break;
                    }
                }
            }
            int end = Math.min(items.size(), start + pageSize);
            ObjectNode body = Json.object().put("object", "list");
            ArrayNode data = body.putArray("data");
            items.subList(start, end).forEach(data::add);
            body.put("first_id", data.isEmpty() ? "" : data.get(0).path("id").asText());
            body.put(
                    "last_id",
                    data.isEmpty() ? "" : data.get(data.size() - 1).path("id").asText());
            body.put("has_more", end < items.size());
            return ctx.response().putHeader("content-type", "application/json").end(Json.encode(body));
        });
    }

    private interface Found {
        Future<Void> answer(StoredResponse kept);
    }

    private void withResponse(RoutingContext ctx, Found found) {
        Principal principal = authenticate(ctx);
        if (principal == null) {
            return;
        }
        String id = ctx.pathParam("id");
        archive.find(id, ResponseOwner.of(principal)).onComplete(read -> {
            if (read.failed()) {
                internal(ctx, read.cause());
            } else if (read.result().isEmpty()) {
                ErrorResponses.write(ctx.response(), notFound(id));
            } else {
                found.answer(read.result().get());
            }
        });
    }

    private @Nullable Principal authenticate(RoutingContext ctx) {
        try {
            return Authenticate.principalFor(
                    state.get().keys(),
                    Authenticate.presentedSecret(
                            ctx.request().getHeader("authorization"),
                            ctx.request().getHeader("x-api-key")));
        } catch (GatewayError e) {
            ErrorResponses.write(ctx.response(), e);
            return null;
        }
    }

    private static void internal(RoutingContext ctx, Throwable cause) {
        ErrorResponses.write(
                ctx.response(),
                InternalErrors.toGatewayError(
                        String.valueOf(ctx.response().headers().get("x-request-id")), cause));
    }

    static GatewayError notFound(String id) {
        return GatewayError.of(ErrorKind.NOT_FOUND, "No response found with id '" + id + "'.", null, "not_found");
    }
}
