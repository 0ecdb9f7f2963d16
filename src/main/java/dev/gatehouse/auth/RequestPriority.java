package dev.gatehouse.auth;

import dev.gatehouse.api.RequestOptions;
import dev.gatehouse.config.Priority;
import dev.gatehouse.pipeline.Exchange;

/** The priority a request runs at: the one it asked for (which {@link PermitOptions} allowed), else its key's default. */
public final class RequestPriority {

    private RequestPriority() {}

    public static Priority of(Exchange ex) {
        Priority asked = RequestOptions.of(ex).priority();
        if (asked != null) {
            return asked;
        }
        Principal principal = ex.find(Principal.KEY);
        return principal == null
                ? Priority.NORMAL
                : principal.keyLimits().scheduling().defaultPriority();
    }
}
