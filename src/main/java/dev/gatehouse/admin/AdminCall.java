package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.StoredText;
import dev.gatehouse.auth.DuplicateId;
import dev.gatehouse.auth.StillInUse;
import dev.gatehouse.auth.UnknownReference;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.InternalErrors;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The shape of every admin call: check the caller holds an admin key (401 without a key, 403 with
 * a non-admin one), read the body on the event loop, run the store work on a worker thread, let the
 * gateway pick up a change, and answer JSON or an OpenAI-shaped error.
 */
final class AdminCall {

    private AdminCall() {}

    /** A unit of store work, prepared on the event loop (where the body was read) and run on a worker. */
    interface Plan<T> {
        Callable<T> prepare();
    }

    static boolean isAdmin(RoutingContext ctx, AdminServices services) {
        return AdminAccess.allowed(ctx, services.keys().get());
    }

    /** Reads without changing anything. */
    static <T> void read(RoutingContext ctx, AdminServices services, Callable<T> work, Function<T, JsonNode> render) {
        run(ctx, services, () -> work, null, 200, render);
    }

    /** Writes; on success the gateway reloads its keys before the answer goes out. */
    static <T> void write(
            RoutingContext ctx, AdminServices services, int status, Plan<T> plan, Function<T, JsonNode> render) {
        run(ctx, services, plan, services.changed(), status, render);
    }

    /** Writes; on success {@code changed} runs (the gateway rereads what was written) before the answer goes out. */
    static <T> void write(
            RoutingContext ctx,
            AdminServices services,
            int status,
            Plan<T> plan,
            Function<T, JsonNode> render,
            Supplier<Future<Void>> changed) {
        run(ctx, services, plan, changed, status, render);
    }

    private static <T> void run(
            RoutingContext ctx,
            AdminServices services,
            Plan<T> plan,
            @Nullable Supplier<Future<Void>> changed,
            int status,
            Function<T, JsonNode> render) {
        if (!isAdmin(ctx, services)) {
            return;
        }
        Callable<T> work;
        try {
            checkPathId(ctx);
            work = plan.prepare();
        } catch (GatewayError e) {
            ErrorResponses.write(ctx.response(), e);
            return;
        }
        Future<T> done = services.vertx().executeBlocking(work, false);
        if (changed != null) {
            done = done.compose(result -> changed.get().map(v -> result));
        }
        done.onComplete(result -> {
            if (result.succeeded()) {
                ctx.response()
                        .setStatusCode(status)
                        .putHeader("content-type", "application/json")
                        .end(Json.encode(render.apply(result.result())));
            } else {
                ErrorResponses.write(ctx.response(), asError(result.cause()));
            }
        });
    }

    /**
     * The {@code :id} of the path, when the route has one, must be an id the store could hold: no
     * NUL (PostgreSQL refuses the query) and no longer than the id columns.
     */
    private static void checkPathId(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (id == null) {
            return;
        }
        if (StoredText.hasNul(id)) {
            throw AdminBody.error(
                    "The id in the path contains a NUL character (\\u0000), which is not allowed.",
                    "id",
                    "invalid_value");
        }
        AdminBody.checkLength("id", id, StoreColumns.ID);
    }

    private static GatewayError asError(Throwable cause) {
        if (cause instanceof GatewayError e) {
            return e;
        }
        if (cause instanceof UnknownReference e) {
            return AdminBody.error(messageOf(e), e.field(), "invalid_value");
        }
        if (cause instanceof DuplicateId e) {
            return new GatewayError(
                    ErrorKind.INVALID_REQUEST, 409, "invalid_request_error", messageOf(e), null, "already_exists");
        }
        if (cause instanceof StillInUse e) {
            return new GatewayError(
                    ErrorKind.INVALID_REQUEST, 409, "invalid_request_error", messageOf(e), null, e.what() + "_in_use");
        }
        return InternalErrors.toGatewayError("admin", cause);
    }

    /** The message the key store's own exceptions always carry: it is what the client reads. */
    private static String messageOf(RuntimeException e) {
        return Objects.requireNonNull(e.getMessage(), "the key store throws these with a message");
    }

    /** The answer to a delete, in OpenAI's shape for deleted objects ({@code {"id","object","deleted":true}}). */
    static JsonNode deleted(String object, String id) {
        return Json.object().put("id", id).put("object", object).put("deleted", true);
    }

    static GatewayError notFound(String what, String id) {
        return GatewayError.of(ErrorKind.NOT_FOUND, "No " + what + " with id '" + id + "' exists.", null, "not_found");
    }
}
