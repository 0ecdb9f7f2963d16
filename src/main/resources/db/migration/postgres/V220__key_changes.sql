-- The key store's change sequence: one row whose seq moves forward in the same transaction as every
-- write to gh_teams, gh_users or gh_keys (create, update, revoke, delete). Each gateway instance polls
-- it (state.key_poll_interval) and reloads its key ring when it moved, so a change reaches every
-- instance within the poll interval even when the Redis change bus is down.
CREATE TABLE gh_key_changes (
    id  INTEGER PRIMARY KEY,
    seq BIGINT  NOT NULL
);
INSERT INTO gh_key_changes (id, seq) VALUES (1, 0);
