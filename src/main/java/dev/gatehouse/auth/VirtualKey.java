package dev.gatehouse.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.RequestOption;
import dev.gatehouse.config.GuardrailPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A client key as stored: its SHA-256 hash, never the secret.
 *
 * @param id stable id, safe to log and show
 * @param hash lowercase hex SHA-256 of the secret
 * @param prefix the first characters of the secret, to tell keys apart in listings
 * @param expiresAt when it stops working, or null for never
 * @param revoked whether it was revoked (kept for the record; it authenticates nothing)
 * @param models model names or patterns it may use; empty means every model
 * @param admin whether it may use the admin API, like the master key
 * @param allowedOptions the {@code x-gateway-options} choices it may make, or {@code null} for the
 *     default ({@link dev.gatehouse.auth.Principal#defaultOptions})
 * @param guardrails the guardrails it sets for its requests and answers ({@link GuardrailPolicy#UNSET}
 *     inherits its team's, model group's or the global policy)
 */
public record VirtualKey(
        String id,
        String hash,
        String prefix,
        @Nullable String alias,
        @Nullable String teamId,
        @Nullable String userId,
        List<String> models,
        ObjectNode metadata,
        @Nullable Instant expiresAt,
        boolean revoked,
        boolean admin,
        Limits limits,
        Instant createdAt,
        @Nullable Set<RequestOption> allowedOptions,
        GuardrailPolicy guardrails) {

    public VirtualKey {
        models = List.copyOf(models);
        allowedOptions = allowedOptions == null ? null : Set.copyOf(allowedOptions);
    }

    public boolean activeAt(Instant now) {
        return !revoked && (expiresAt == null || now.isBefore(expiresAt));
    }

    public VirtualKey withSecret(String newHash, String newPrefix) {
        return new VirtualKey(
                id,
                newHash,
                newPrefix,
                alias,
                teamId,
                userId,
                models,
                metadata,
                expiresAt,
                revoked,
                admin,
                limits,
                createdAt,
                allowedOptions,
                guardrails);
    }

    public VirtualKey revoke() {
        return new VirtualKey(
                id,
                hash,
                prefix,
                alias,
                teamId,
                userId,
                models,
                metadata,
                expiresAt,
                true,
                admin,
                limits,
                createdAt,
                allowedOptions,
                guardrails);
    }
}
