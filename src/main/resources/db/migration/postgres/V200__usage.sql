-- One row per request (idempotent by request id), its tags, and daily rollups kept in step with the
-- rows actually inserted. Columns mirror dev.gatehouse.usage.UsageRecord.
-- Not partitioned by month: a unique constraint on a partitioned table must include the partition
-- key, so ON CONFLICT (request_id) could not make writes idempotent across partitions.
CREATE TABLE usage_records (
    request_id         TEXT PRIMARY KEY,
    time_ms            BIGINT NOT NULL,
    day                TEXT    NOT NULL,
    key_id             TEXT,
    user_id            TEXT,
    team_id            TEXT,
    tags               TEXT    NOT NULL,
    public_model       TEXT,
    provider           TEXT,
    deployment         TEXT,
    input_tokens       BIGINT NOT NULL,
    cached_tokens      BIGINT NOT NULL,
    cache_write_tokens BIGINT NOT NULL,
    output_tokens      BIGINT NOT NULL,
    estimated          BOOLEAN NOT NULL,
    cost_usd           DOUBLE PRECISION,
    latency_ms         DOUBLE PRECISION    NOT NULL,
    ttft_ms            DOUBLE PRECISION,
    status             BIGINT NOT NULL,
    error_type         TEXT,
    cache              TEXT,
    attempts           BIGINT NOT NULL,
    fallback           BOOLEAN NOT NULL
);
CREATE INDEX usage_records_time ON usage_records (time_ms);

CREATE TABLE usage_tags (
    request_id TEXT    NOT NULL,
    tag        TEXT    NOT NULL,
    time_ms    BIGINT NOT NULL,
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
    requests      BIGINT NOT NULL,
    input_tokens  BIGINT NOT NULL,
    cached_tokens BIGINT NOT NULL,
    output_tokens BIGINT NOT NULL,
    cost_usd      DOUBLE PRECISION    NOT NULL,
    unpriced      BIGINT NOT NULL,
    PRIMARY KEY (day, key_id, user_id, team_id, public_model, provider)
);
