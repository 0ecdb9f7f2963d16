package dev.gatehouse.cache;

import dev.gatehouse.auth.Principal;
import dev.gatehouse.config.CacheSettings;

/** Who shares cache entries: the id that is part of every key, so no request reads another scope's entry. */
public final class CacheScopes {

    private CacheScopes() {}

    /** {@code team:<id>} (the key's team, or {@code key:<id>} for a key without one), {@code key:<id>}, or {@code global}. */
    public static String scopeId(Principal principal, CacheSettings.Scope scope) {
        return switch (scope) {
            case GLOBAL -> "global";
            case KEY -> "key:" + principal.keyId();
            case TEAM -> principal.teamId() != null ? "team:" + principal.teamId() : "key:" + principal.keyId();
        };
    }
}
