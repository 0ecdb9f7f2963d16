-- Reasoning tokens per request (the part of output_tokens a model spent reasoning), and cache
-- writes and reasoning in the daily rollups, so usage reports can show both. Rows written before
-- this migration count 0 reasoning tokens.
ALTER TABLE usage_records ADD COLUMN reasoning_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN cache_write_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN reasoning_tokens BIGINT NOT NULL DEFAULT 0;
-- The records already hold their cache writes: carry them into the rollups of their day.
UPDATE usage_daily SET cache_write_tokens = COALESCE((
    SELECT SUM(r.cache_write_tokens) FROM usage_records r
    WHERE r.day = usage_daily.day
      AND COALESCE(r.key_id, '') = usage_daily.key_id
      AND COALESCE(r.user_id, '') = usage_daily.user_id
      AND COALESCE(r.team_id, '') = usage_daily.team_id
      AND COALESCE(r.public_model, '') = usage_daily.public_model
      AND COALESCE(r.provider, '') = usage_daily.provider), 0);
