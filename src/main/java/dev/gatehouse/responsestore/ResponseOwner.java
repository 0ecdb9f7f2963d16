package dev.gatehouse.responsestore;

import dev.gatehouse.auth.Principal;

/** Who a kept response belongs to: the caller's team, or the key itself when it has no team. */
public final class ResponseOwner {

    private ResponseOwner() {}

    /** {@code team:<id>} for a key in a team (its teammates' keys see it too), else {@code key:<id>}. */
    public static String of(Principal principal) {
        return principal.teamId() != null ? "team:" + principal.teamId() : "key:" + principal.keyId();
    }
}
