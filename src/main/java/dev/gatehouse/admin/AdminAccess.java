package dev.gatehouse.admin;

import dev.gatehouse.auth.Authenticate;
import dev.gatehouse.auth.KeyRing;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.ErrorResponses;
import dev.gatehouse.error.GatewayError;
import io.vertx.ext.web.RoutingContext;

/** The one gate of every admin endpoint: a missing or unknown key is a 401, a non-admin key a 403. */
public final class AdminAccess {

    private AdminAccess() {}

    /** Whether the caller holds an admin key; when not, the error has already been answered. */
    public static boolean allowed(RoutingContext ctx, KeyRing keys) {
        try {
            Principal principal = Authenticate.principalFor(
                    keys,
                    Authenticate.presentedSecret(
                            ctx.request().getHeader("authorization"),
                            ctx.request().getHeader("x-api-key")));
            if (!principal.admin()) {
                throw GatewayError.of(
                        ErrorKind.PERMISSION_DENIED, "This endpoint needs an admin key.", null, "admin_key_required");
            }
            return true;
        } catch (GatewayError e) {
            ErrorResponses.write(ctx.response(), e);
            return false;
        }
    }
}
