package dev.gatehouse.batch;

import dev.gatehouse.auth.Principal;

/** Who files and batches belong to: the caller's team, so teammates share them, or the key itself without one. */
final class BatchOwner {

    private BatchOwner() {}

    static String of(Principal principal) {
        return principal.teamId() != null ? "team:" + principal.teamId() : "key:" + principal.keyId();
    }
}
