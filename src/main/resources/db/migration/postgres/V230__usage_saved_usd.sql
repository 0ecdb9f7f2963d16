-- What a response-cache hit saved: the cost recorded when its answer was produced. Null for every
-- request the cache did not answer, and for rows written before this migration.
ALTER TABLE usage_records ADD COLUMN saved_usd DOUBLE PRECISION;
CREATE INDEX usage_records_cache ON usage_records (cache);
-- The daily rollups sum it too, so reports over whole days show what the cache saved.
ALTER TABLE usage_daily ADD COLUMN saved_usd DOUBLE PRECISION NOT NULL DEFAULT 0;
