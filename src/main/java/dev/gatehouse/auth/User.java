package dev.gatehouse.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A person or service that owns keys, with limits and a budget across all of them.
 *
 * @param teamId the team it belongs to, or null
 */
public record User(
        String id,
        @Nullable String email,
        @Nullable String teamId,
        ObjectNode metadata,
        Limits limits,
        Instant createdAt) {}
