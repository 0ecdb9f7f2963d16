package dev.gatehouse.ui;

/** What a signed-in dashboard user may see and do. */
enum Role {
    /** Everything, changes included (the master key or an admin key). */
    ADMIN,
    /** Every page, no changes (a key in {@code ui.viewer_keys}). */
    VIEWER,
    /** Its own team's pages only, no changes (a virtual key of a team). */
    TEAM;

    boolean seesEverything() {
        return this != TEAM;
    }
}
