package dev.gatehouse.ui;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A signed-in browser as stored ({@code ui_sessions}).
 *
 * @param idHash SHA-256 of the cookie's random session id
 * @param teamId the team a {@link Role#TEAM} session sees; null for other roles
 * @param keyHash SHA-256 of the key that signed in, checked against the live keys on every page
 * @param csrf the token every state-changing form of this session must carry
 */
record Session(String idHash, Role role, @Nullable String teamId, String keyHash, String csrf, Instant expiresAt) {}
