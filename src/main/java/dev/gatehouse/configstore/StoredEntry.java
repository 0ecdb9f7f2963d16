package dev.gatehouse.configstore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One stored definition as the store holds it.
 *
 * @param definition the entry's JSON as a config file would hold it, without its credentials
 * @param sealedSecrets the credentials sealed by {@link SecretBox}, or null when it has none
 */
public record StoredEntry(
        EntryKind kind,
        String name,
        ObjectNode definition,
        @Nullable String sealedSecrets,
        Instant updatedAt) {}
