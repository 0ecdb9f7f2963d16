package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.RequestOption;
import dev.gatehouse.auth.Limits;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.auth.VirtualKey;
import dev.gatehouse.config.GuardrailPolicy;
import dev.gatehouse.hashing.KeyHashing;
import dev.gatehouse.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code /admin/v1/keys}: create (the secret is in the answer this once), list, get, patch, rotate
 * (a new secret; the old one stops working at once) and revoke ({@code DELETE}). Answers never
 * carry a secret or its hash except the new secret from create and rotate.
 */
final class KeysApi {

    private static final Set<String> FIELDS = fields();

    private final AdminServices services;

    KeysApi(AdminServices services) {
        this.services = services;
    }

    private static Set<String> fields() {
        Set<String> names = new HashSet<>(LimitFields.NAMES);
        names.addAll(List.of(
                "key_alias",
                "team_id",
                "user_id",
                "models",
                "metadata",
                "duration",
                "expires",
                "admin",
                "allowed_options",
                GuardrailField.NAME));
        return Set.copyOf(names);
    }

    /** A created or rotated key with the secret that only this answer shows. */
    private record Issued(VirtualKey key, String secret) {}

    void create(RoutingContext ctx) {
        AdminCall.write(
                ctx,
                services,
                201,
                () -> {
                    AdminBody body = AdminBody.parse(ctx.body().buffer(), FIELDS);
                    Instant now = services.clock().instant();
                    String secret = NewSecrets.secret();
                    VirtualKey key = new VirtualKey(
                            NewSecrets.id("key"),
                            KeyHashing.sha256Hex(secret),
                            secret.substring(0, NewSecrets.SHOWN),
                            body.string("key_alias"),
                            body.string("team_id"),
                            body.string("user_id"),
                            body.strings("models"),
                            body.object("metadata"),
                            expiry(body, now, null),
                            false,
                            body.bool("admin"),
                            LimitFields.merge(Limits.NONE, body),
                            now,
                            body.options("allowed_options"),
                            GuardrailField.read(body, services.config().get().guardrails()));
                    return () -> new Issued(services.store().createKey(key), secret);
                },
                issued -> render(issued.key()).put("key", issued.secret()));
    }

    void list(RoutingContext ctx) {
        AdminCall.read(ctx, services, () -> services.store().keys(), keys -> {
            ObjectNode out = Json.object();
            ArrayNode data = out.putArray("data");
            keys.forEach(k -> data.add(render(k)));
            return out;
        });
    }

    void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminCall.read(
                ctx,
                services,
                () -> services.store().key(id).orElseThrow(() -> AdminCall.notFound("key", id)),
                KeysApi::render);
    }

    void patch(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminCall.write(
                ctx,
                services,
                200,
                () -> {
                    AdminBody body = AdminBody.parse(ctx.body().buffer(), FIELDS);
                    Instant now = services.clock().instant();
                    GuardrailPolicy guardrails =
                            GuardrailField.read(body, services.config().get().guardrails());
                    return () -> services.store()
                            .changeKey(
                                    id,
                                    k -> new VirtualKey(
                                            k.id(),
                                            k.hash(),
                                            k.prefix(),
                                            body.has("key_alias") ? body.string("key_alias") : k.alias(),
                                            body.has("team_id") ? body.string("team_id") : k.teamId(),
                                            body.has("user_id") ? body.string("user_id") : k.userId(),
                                            body.has("models") ? body.strings("models") : k.models(),
                                            body.has("metadata") ? body.object("metadata") : k.metadata(),
                                            expiry(body, now, k.expiresAt()),
                                            k.revoked(),
                                            body.has("admin") ? body.bool("admin") : k.admin(),
                                            LimitFields.merge(k.limits(), body),
                                            k.createdAt(),
                                            body.has("allowed_options")
                                                    ? body.options("allowed_options")
                                                    : k.allowedOptions(),
                                            body.has(GuardrailField.NAME) ? guardrails : k.guardrails()))
                            .orElseThrow(() -> AdminCall.notFound("key", id));
                },
                KeysApi::render);
    }

    // Rotate and revoke change the key under its row lock (KeyStore.changeKey), like PATCH: a rotate
    // that read the key before a concurrent revoke committed must not write it back un-revoked.
    void rotate(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminCall.write(
                ctx,
                services,
                200,
                () -> () -> {
                    String secret = NewSecrets.secret();
                    VirtualKey rotated = services.store()
                            .changeKey(id, k -> {
                                if (k.revoked()) {
                                    throw AdminBody.error(
                                            "Key '" + id + "' is revoked; create a new key instead.",
                                            null,
                                            "key_revoked");
                                }
                                return k.withSecret(
                                        KeyHashing.sha256Hex(secret), secret.substring(0, NewSecrets.SHOWN));
                            })
                            .orElseThrow(() -> AdminCall.notFound("key", id));
                    return new Issued(rotated, secret);
                },
                issued -> render(issued.key()).put("key", issued.secret()));
    }

    void revoke(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminCall.write(
                ctx,
                services,
                200,
                () -> () -> services.store()
                        .changeKey(id, VirtualKey::revoke)
                        .orElseThrow(() -> AdminCall.notFound("key", id)),
                KeysApi::render);
    }

    /** {@code expires} (a time) or {@code duration} (from now, LiteLLM's field); else {@code current}. */
    private static @Nullable Instant expiry(AdminBody body, Instant now, @Nullable Instant current) {
        if (body.has("expires") && body.has("duration")) {
            throw AdminBody.error("Give 'expires' or 'duration', not both.", "duration", "invalid_value");
        }
        if (body.has("expires")) {
            return body.instant("expires");
        }
        if (body.has("duration")) {
            Duration d = body.duration("duration");
            return d == null ? null : now.plus(d);
        }
        return current;
    }

    static ObjectNode render(VirtualKey k) {
        ObjectNode out = Json.object();
        out.put("id", k.id());
        out.put("object", "key");
        out.put("key_prefix", k.prefix());
        out.put("key_alias", k.alias());
        out.put("team_id", k.teamId());
        out.put("user_id", k.userId());
        k.models().forEach(out.putArray("models")::add);
        out.set("metadata", k.metadata());
        out.put("expires", k.expiresAt() == null ? null : k.expiresAt().toString());
        out.put("revoked", k.revoked());
        out.put("admin", k.admin());
        LimitFields.write(out, k.limits());
        // The options in force: the key's own list, or the default for its kind when it has none.
        Set<RequestOption> options =
                k.allowedOptions() != null ? k.allowedOptions() : Principal.defaultOptions(k.admin());
        ArrayNode allowed = out.putArray("allowed_options");
        for (RequestOption o : RequestOption.values()) {
            if (options.contains(o)) {
                allowed.add(o.wire());
            }
        }
        out.put("allowed_options_default", k.allowedOptions() == null);
        GuardrailField.write(out, k.guardrails());
        out.put("created_at", k.createdAt().toString());
        return out;
    }
}
