package dev.gatehouse.ui;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The signed-in user of one dashboard request, checked against the live keys.
 *
 * @param teamId the only team a {@link Role#TEAM} viewer sees
 */
record Viewer(Role role, @Nullable String teamId, String csrf, String sessionHash) {

    boolean mayChange() {
        return role == Role.ADMIN;
    }

    /** Whether this viewer may see the pages of {@code team} (null: requests of no team). */
    boolean sees(@Nullable String team) {
        return role.seesEverything() || Objects.equals(teamId, team);
    }

    /** The team a team viewer is held to, or {@code requested} for the others. */
    @Nullable
    String scope(@Nullable String requested) {
        return role.seesEverything() ? requested : teamId;
    }
}
