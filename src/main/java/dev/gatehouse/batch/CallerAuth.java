package dev.gatehouse.batch;

import dev.gatehouse.auth.Authenticate;
import dev.gatehouse.auth.KeyRing;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.InternalErrors;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The caller of a Files or Batch request, from the live key ring; a wrong key is answered with a 401 here. */
final class CallerAuth {

    private final Supplier<KeyRing> keys;

    CallerAuth(Supplier<KeyRing> keys) {
        this.keys = keys;
    }

    /** The caller, or null after answering the 401. */
    @Nullable
    Principal principal(RoutingContext ctx) {
        try {
            return Authenticate.principalFor(keys.get(), secret(ctx));
        } catch (GatewayError e) {
            ErrorResponses.write(ctx.response(), e);
            return null;
        }
    }

    static @Nullable String secret(RoutingContext ctx) {
        return Authenticate.presentedSecret(
                ctx.request().getHeader("authorization"), ctx.request().getHeader("x-api-key"));
    }

    /** Answers a failure: a {@link GatewayError} as it is, anything else as a logged 500. */
    static void fail(RoutingContext ctx, Throwable cause) {
        if (ctx.response().ended()) {
            return;
        }
        GatewayError error = cause instanceof GatewayError g
                ? g
                : InternalErrors.toGatewayError(
                        String.valueOf(ctx.response().headers().get("x-request-id")), cause);
        ErrorResponses.write(ctx.response(), error);
    }

    static void json(RoutingContext ctx, com.fasterxml.jackson.databind.JsonNode body) {
        ctx.response().putHeader("content-type", "application/json").end(dev.gatehouse.json.Json.encode(body));
    }

    /** An integer query parameter within bounds, or a 400 naming it. */
    static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String text = ctx.request().getParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the 400 below
        }
        throw GatewayError.of(
                dev.gatehouse.error.ErrorKind.INVALID_REQUEST,
                "Invalid '" + name + "': expected an integer from " + min + " to " + max + ".",
                name,
                "invalid_value");
    }
}
