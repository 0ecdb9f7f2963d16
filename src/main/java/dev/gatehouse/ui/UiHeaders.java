package dev.gatehouse.ui;

import io.vertx.core.http.HttpServerResponse;

/** The security headers of every dashboard response. */
final class UiHeaders {

    /** No inline script or style anywhere: every script and stylesheet is a file under /ui/assets. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private UiHeaders() {}

    static void secure(HttpServerResponse response) {
        response.putHeader("content-security-policy", CSP)
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "same-origin")
                .putHeader("x-frame-options", "DENY");
    }

    /** Pages hold spend and key data: never cached, by the browser or anything between. */
    static void noStore(HttpServerResponse response) {
        response.putHeader("cache-control", "no-store");
    }
}
