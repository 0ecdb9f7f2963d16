-- One row per request (idempotent by request id), its tags, and daily rollups kept in step with the
-- rows actually inserted. Columns mirror dev.gatehouse.usage.UsageRecord.
CREATE TABLE usage_records (
    request_id         TEXT PRIMARY KEY,
    time_ms            INTEGER NOT NULL,
    day                TEXT    NOT NULL,
    key_id             TEXT,
    user_id            TEXT,
    team_id            TEXT,
    tags               TEXT    NOT NULL,
    public_model       TEXT,
    provider           TEXT,
    deployment         TEXT,
    input_tokens       INTEGER NOT NULL,
    cached_tokens      INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    output_tokens      INTEGER NOT NULL,
    estimated          BOOLEAN NOT NULL,
    cost_usd           REAL,
    latency_ms         REAL    NOT NULL,
    ttft_ms            REAL,
    status             INTEGER NOT NULL,
    error_type         TEXT,
    cache              TEXT,
    attempts           INTEGER NOT NULL,
    fallback           BOOLEAN NOT NULL
);
CREATE INDEX usage_records_time ON usage_records (time_ms);

CREATE TABLE usage_tags (
    request_id TEXT    NOT NULL,
    tag        TEXT    NOT NULL,
    time_ms    INTEGER NOT NULL,
    PRIMARY KEY (request_id, tag)
);
CREATE INDEX usage_tags_tag ON usage_tags (tag, time_ms);

-- Dimensions use '' for "none" so they can be part of the key.
CREATE TABLE usage_daily (
    day           TEXT    NOT NULL,
    key_id        TEXT    NOT NULL,
    user_id       TEXT    NOT NULL,
    team_id       TEXT    NOT NULL,
    public_model  TEXT    NOT NULL,
    provider      TEXT    NOT NULL,
    requests      INTEGER NOT NULL,
    input_tokens  INTEGER NOT NULL,
    cached_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cost_usd      REAL    NOT NULL,
    unpriced      INTEGER NOT NULL,
    PRIMARY KEY (day, key_id, user_id, team_id, public_model, provider)
);
