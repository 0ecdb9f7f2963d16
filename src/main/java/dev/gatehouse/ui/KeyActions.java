package dev.gatehouse.ui;

import dev.gatehouse.admin.NewSecrets;
import dev.gatehouse.auth.VirtualKey;
import dev.gatehouse.hashing.KeyHashing;
import java.util.Optional;

/**
 * Rotating and revoking a key: a confirmation page (GET), then the change (POST, admins only, with
 * the CSRF token). A rotated key's new secret is shown once, on the answer to the POST, which no
 * cache keeps; no other page ever holds a secret.
 */
final class KeyActions {

    private final UiServices services;
    private final Layout layout;

    KeyActions(UiServices services, Layout layout) {
        this.services = services;
        this.layout = layout;
    }

    Answer confirm(Viewer viewer, String id, String action) {
        Optional<VirtualKey> key = services.admin().store().key(id);
        if (key.isEmpty()) {
            return Answer.status(
                    404,
                    layout.page(
                            viewer, "No such key", "teams", new Html().el("p", "There is no key " + id + "."), null));
        }
        VirtualKey k = key.get();
        boolean revoke = action.equals("revoke");
        Html body = new Html();
        body.el(
                "p",
                revoke
                        ? "Revoking stops this key at once, on every instance. It cannot be undone; the key stays listed as revoked."
                        : "Rotating gives the key a new secret; the current secret stops working at once.");
        body.el(
                "p",
                "Key: " + (k.alias() == null ? k.id() : k.alias() + " (" + k.id() + ")") + ", prefix " + k.prefix()
                        + "…");
        body.open("form", "method", "post", "action", "/ui/keys/" + id + "/" + action, "class", "confirm");
        body.hidden("_csrf", viewer.csrf());
        body.el(
                "button",
                revoke ? "Revoke this key" : "Rotate this key",
                "type",
                "submit",
                "class",
                revoke ? "danger" : null);
        body.a(k.teamId() == null ? "/ui/teams" : "/ui/teams/" + k.teamId(), "Cancel");
        body.close("form");
        return Answer.page(layout.page(viewer, revoke ? "Revoke key?" : "Rotate key?", "teams", body, null));
    }

    Answer revoke(Viewer viewer, String id) {
        Optional<VirtualKey> done = services.admin().store().changeKey(id, VirtualKey::revoke);
        if (done.isEmpty()) {
            return Answer.status(
                    404,
                    layout.page(
                            viewer, "No such key", "teams", new Html().el("p", "There is no key " + id + "."), null));
        }
        String team = done.get().teamId();
        return Answer.redirect(team == null ? "/ui/teams" : "/ui/teams/" + team).afterChange();
    }

    Answer rotate(Viewer viewer, String id) {
        String secret = NewSecrets.secret();
        Optional<VirtualKey> current = services.admin().store().key(id);
        if (current.isEmpty() || current.get().revoked()) {
            return Answer.status(
                    409,
                    layout.page(
                            viewer,
                            "Cannot rotate",
                            "teams",
                            new Html().el("p", "Key " + id + " does not exist or is revoked."),
                            null));
        }
        Optional<VirtualKey> rotated = services.admin()
                .store()
                .changeKey(
                        id,
                        k -> k.revoked()
                                ? k
                                : k.withSecret(KeyHashing.sha256Hex(secret), secret.substring(0, NewSecrets.SHOWN)));
        if (rotated.isEmpty() || rotated.get().revoked()) {
            return Answer.status(
                    409,
                    layout.page(
                            viewer,
                            "Cannot rotate",
                            "teams",
                            new Html().el("p", "Key " + id + " was revoked meanwhile."),
                            null));
        }
        return secretPage(layout, viewer, "Key rotated", rotated.get(), secret).afterChange();
    }

    /** The one page that shows a secret: the answer to the POST that made it. */
    static Answer secretPage(Layout layout, Viewer viewer, String title, VirtualKey key, String secret) {
        Html body = new Html();
        body.el("p", "Copy the secret now: it is not stored and will not be shown again.", "role", "status");
        body.open("p").el("code", secret, "id", "new-secret", "class", "secret").close("p");
        body.el("p", "Key id " + key.id() + (key.alias() == null ? "" : ", " + key.alias()));
        body.a(key.teamId() == null ? "/ui/teams" : "/ui/teams/" + key.teamId(), "Back to the team");
        return Answer.page(layout.page(viewer, title, "teams", body, null));
    }
}
