-- Providers and model groups kept in the store through the admin API (issue #18), merged with the
-- config file (the file wins on a name both define). definition is the entry's JSON as the config
-- file would hold it, without credentials; sealed_secrets holds the credentials (api_key,
-- secret_access_key, session_token, headers) as AES-256-GCM ciphertext under GATEHOUSE_SECRETS_KEY,
-- never in clear.
CREATE TABLE gh_config_entries (
    kind           TEXT   NOT NULL,
    name           TEXT   NOT NULL,
    definition     TEXT   NOT NULL,
    sealed_secrets TEXT,
    updated_ms     BIGINT NOT NULL,
    PRIMARY KEY (kind, name)
);
-- The change sequence, bumped first in every write transaction (which also serializes writes); each
-- instance polls it and rereads the entries when it moved.
CREATE TABLE gh_config_changes (
    id  INTEGER PRIMARY KEY,
    seq BIGINT  NOT NULL
);
INSERT INTO gh_config_changes (id, seq) VALUES (1, 0);
-- One row per change, numbered by the change sequence: what was put or deleted, when.
CREATE TABLE gh_config_audit (
    seq    BIGINT PRIMARY KEY,
    kind   TEXT   NOT NULL,
    name   TEXT   NOT NULL,
    action TEXT   NOT NULL,
    at_ms  BIGINT NOT NULL
);
