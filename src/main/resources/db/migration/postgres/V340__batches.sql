-- The Files and Batch API. owner is 'team:<id>' for a key in a team, else 'key:<id>': files and
-- batches are visible to their owner only. File bodies live on disk (batches.dir), named by id.
CREATE TABLE gh_files (
    id         TEXT   PRIMARY KEY,
    owner      TEXT   NOT NULL,
    purpose    TEXT   NOT NULL,
    filename   TEXT   NOT NULL,
    bytes      BIGINT NOT NULL,
    created_ms BIGINT NOT NULL
);
CREATE INDEX gh_files_owner ON gh_files (owner, created_ms);

-- One row per batch. key_hash is the SHA-256 of the creating key (as gh_keys keeps it), so each line
-- runs as that key for as long as the key is live. lease_holder and lease_expires_ms make one
-- instance at a time run the batch: the holder renews the lease, another takes it once it lapsed.
CREATE TABLE gh_batches (
    id                TEXT    PRIMARY KEY,
    owner             TEXT    NOT NULL,
    key_id            TEXT    NOT NULL,
    key_hash          TEXT    NOT NULL,
    endpoint          TEXT    NOT NULL,
    input_file_id     TEXT    NOT NULL,
    completion_window TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    metadata          TEXT,
    errors            TEXT,
    output_file_id    TEXT,
    error_file_id     TEXT,
    total             INTEGER NOT NULL DEFAULT 0,
    completed         INTEGER NOT NULL DEFAULT 0,
    failed            INTEGER NOT NULL DEFAULT 0,
    created_ms        BIGINT  NOT NULL,
    expires_ms        BIGINT  NOT NULL,
    in_progress_ms    BIGINT,
    finalizing_ms     BIGINT,
    completed_ms      BIGINT,
    failed_ms         BIGINT,
    expired_ms        BIGINT,
    cancelling_ms     BIGINT,
    cancelled_ms      BIGINT,
    lease_holder      TEXT,
    lease_expires_ms  BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX gh_batches_owner ON gh_batches (owner, created_ms);
CREATE INDEX gh_batches_status ON gh_batches (status);

-- A line of a batch once it ran: its output line as the client will read it. The primary key makes
-- a line's result count once, so a resumed batch never runs a recorded custom_id again.
CREATE TABLE gh_batch_lines (
    batch_id  TEXT    NOT NULL,
    custom_id TEXT    NOT NULL,
    line_no   INTEGER NOT NULL,
    ok        INTEGER NOT NULL,
    result    TEXT    NOT NULL,
    PRIMARY KEY (batch_id, custom_id)
);
